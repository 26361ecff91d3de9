package dev.bellwether.metrics.calc;

/** A CSM's book at M: active accounts and their ARR. */
public record CsmBook(String csmEmail, int activeAccounts, double arr) {
}
