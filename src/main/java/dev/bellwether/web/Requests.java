package dev.bellwether.web;

import dev.bellwether.tenant.TenantRequestFilter;

/** Facts about a request that several filters and mappers need. */
public final class Requests {

    /** The JSON API: bearer tokens only, JSON errors, no CSRF cookie. */
    public static final String API_PREFIX = "/api/";

    /**
     * The emails' unsubscribe links ({@code notify.UnsubscribePage}): whoever opens one, signed in or not, of any
     * organisation or none, acts on the address its signed token names; no session, form token or tenant is asked.
     */
    public static final String UNSUBSCRIBE_PREFIX = TenantRequestFilter.UNSUBSCRIBE;

    private Requests() {
    }

    public static boolean isApi(String path) {
        return path.startsWith(API_PREFIX);
    }

    public static boolean isUnsubscribe(String path) {
        return path.startsWith(UNSUBSCRIBE_PREFIX);
    }
}
