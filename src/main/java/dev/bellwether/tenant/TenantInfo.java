package dev.bellwether.tenant;

/** What pages show of a tenant. */
public record TenantInfo(String id, String displayName, String currency) {
}
