package dev.bellwether.team;

import java.util.regex.Pattern;

/**
 * An email address a person can sign in with: it is also their Keycloak user name, and Keycloak's
 * realm refuses user names with characters such as {@code ' ! # $ % & * / = ? ^ ` { | } ~} and
 * non-ASCII local parts. Checked here first, so such an address is a 422 naming the field rather
 * than a refusal from Keycloak mid-way (was a 503 "try again" that could never succeed).
 */
public final class SignInAddress {

    /** What the part before the @ may hold, for messages. */
    public static final String RULE = "before the @ only letters a-z, digits, '.', '_', '+' or '-'";

    /** A lower-cased address: the local part by Keycloak's rule, a domain of dotted DNS labels. */
    private static final Pattern ADDRESS = Pattern.compile("[a-z0-9._+-]{1,64}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
            + "(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+");

    private SignInAddress() {
    }

    /** Whether {@code address}, already lower-cased, is one; at most 254 characters (an SMTP path's limit). */
    public static boolean valid(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches();
    }
}
