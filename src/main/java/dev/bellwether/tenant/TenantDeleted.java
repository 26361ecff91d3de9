package dev.bellwether.tenant;

/**
 * The platform operator deleted the tenant (its rows are gone): this app instance forgets what it kept in
 * memory of it, so that a new tenant given the same id starts from nothing here either. Other instances keep
 * such facts only until they expire or their keys stop matching (docs/architecture.md, 13).
 */
public record TenantDeleted(String id) {
}
