package dev.bellwether.web;

/** Facts about a request that several filters and mappers need. */
public final class Requests {

    /** The JSON API: bearer tokens only, JSON errors, no CSRF cookie. */
    public static final String API_PREFIX = "/api/";

    private Requests() {
    }

    public static boolean isApi(String path) {
        return path.startsWith(API_PREFIX);
    }
}
