package dev.bellwether.team;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * An email address a person can sign in with: it is also their Keycloak user name, and Keycloak's
 * realm refuses user names with characters such as {@code ' ! # $ % & * / = ? ^ ` { | } ~} and
 * non-ASCII local parts. Checked here first, so such an address is a 422 naming the field rather
 * than a refusal from Keycloak mid-way (was a 503 "try again" that could never succeed).
 */
public final class SignInAddress {

    /** What the part before the @ may hold, for messages. */
    static final String RULE = "before the @ only letters a-z, digits, '.', '_', '+' or '-', with no '.'"
            + " first, last or twice in a row";

    /** The part before the @, by Keycloak's user-name rule and as a dot-atom (no '.' first, last or twice). */
    private static final String LOCAL_PART = "[a-z0-9_+-]+(?:\\.[a-z0-9_+-]+)*";

    private static final Pattern LOCAL = Pattern.compile(LOCAL_PART);

    /** A domain of dotted DNS labels, each 1–63 characters (a longer one is no DNS name). */
    static final String DOMAIN = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+";

    /**
     * A lower-cased address: the local part by Keycloak's rule (and a dot-atom, as its email check
     * wants: no '.' first, last or twice in a row), then the domain.
     */
    private static final Pattern ADDRESS = Pattern.compile("(?=[^@]{1,64}@)" + LOCAL_PART + "@" + DOMAIN);

    private SignInAddress() {
    }

    /**
     * Why an invitation of {@code address} (valid, lower case) into {@code tenant} is refused, when another
     * organisation's sign-in claims its domain ({@code tenantOfDomain} tells whose): the team's invitations
     * and the operator's first admin alike. Empty when no other organisation claims it.
     */
    public static Optional<String> claimedElsewhere(String address, String tenant,
            Function<String, Optional<String>> tenantOfDomain) {
        String domain = domain(address);
        return tenantOfDomain.apply(domain).filter(owner -> !owner.equals(tenant))
                .map(owner -> "Addresses at " + domain + " belong to another company's sign-in: invite someone"
                        + " of yours");
    }

    /** The part of {@code address} after the @. */
    public static String domain(String address) {
        return address.substring(address.indexOf('@') + 1);
    }

    /**
     * What is wrong with {@code address} (lower-cased), for a message's parenthesis: the part at fault, before or
     * after the @, or its length. For an address that is not {@link #valid}.
     */
    public static String fault(String address) {
        int at = address.lastIndexOf('@');
        if (address.length() > 254) {
            return "at most 254 characters";
        }
        if (at < 0) {
            return "a name, an @, then a domain";
        }
        String local = address.substring(0, at);
        if (local.isEmpty() || local.length() > 64) {
            return "1 to 64 characters before the @";
        }
        if (!LOCAL.matcher(local).matches()) {
            return RULE;
        }
        return "after the @ a domain such as company.com: letters a-z, digits and '-' between dots, no accents"
                + " (use its xn-- form)";
    }

    /** Whether {@code address}, already lower-cased, is one; at most 254 characters (an SMTP path's limit). */
    public static boolean valid(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches();
    }
}
