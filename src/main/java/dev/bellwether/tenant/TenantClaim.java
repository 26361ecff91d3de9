package dev.bellwether.tenant;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The tenant of a signed-in user's token: the only source of a request's tenant. Keycloak puts the
 * user's organizations in the {@code organization} claim (a list of aliases, alias = tenant id); a
 * {@code tenant} claim (the user attribute tokens carried before tenants were organizations) is still
 * read, so tokens of a realm not yet moved keep working. Together they must name exactly one valid
 * tenant: none, two organizations, or an organization and a different {@code tenant} claim give no
 * tenant, and the request is refused with 403 (docs/architecture.md, 2).
 */
public final class TenantClaim {

    /** The attribute claim of old tokens. */
    public static final String NAME = "tenant";

    /** Keycloak's organization claim: the aliases of the user's organizations. */
    public static final String ORGANIZATION = "organization";

    /** Same rule as the {@code tenant.id} check constraint in the schema. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private TenantClaim() {
    }

    /** The identity's tenant, when its token names exactly one, and a valid one. */
    public static Optional<String> of(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        Set<String> named = new LinkedHashSet<>();
        addTexts(token.getClaim(ORGANIZATION), named);
        addTexts(token.getClaim(NAME), named); // a list (a multivalued mapper) names its tenants too
        return named.size() == 1 ? validate(named.iterator().next()) : Optional.empty();
    }

    /**
     * When the token's holder signed in: its {@code auth_time} (the session's sign-in, which a refreshed
     * token keeps) or else its {@code iat} (when the token was issued); empty when it says neither. A page's
     * identity is the ID token, whose {@code iat} moves each time quarkus-oidc refreshes the session, so
     * {@code auth_time} comes first.
     */
    public static Optional<Instant> signedInAt(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return seconds(token.getClaim("auth_time")).or(() -> seconds(token.getClaim("iat")))
                .map(Instant::ofEpochSecond);
    }

    /** When the token was issued ({@code iat}); empty if it does not say. */
    public static Optional<Instant> issuedAt(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token
                ? seconds(token.getClaim("iat")).map(Instant::ofEpochSecond) : Optional.empty();
    }

    /** A time claim's seconds; smallrye-jwt answers 0 for one the token lacks, which counts as absent. */
    private static Optional<Long> seconds(Object claim) {
        long seconds = claim instanceof JsonNumber json ? json.longValue()
                : claim instanceof Number number ? number.longValue() : 0;
        return seconds > 0 ? Optional.of(seconds) : Optional.empty();
    }

    static Optional<String> validate(String value) {
        return value != null && VALID.matcher(value).matches() ? Optional.of(value) : Optional.empty();
    }

    /**
     * The organization claim's aliases: a list of strings, or an object keyed by alias (when the
     * realm's mapper adds each organization's id or attributes), or one string.
     */
    private static void addTexts(Object claim, Set<String> into) {
        if (claim == null || claim == JsonValue.NULL) {
            return;
        }
        if (claim instanceof JsonString json) {
            into.add(json.getString());
        } else if (claim instanceof String text) {
            into.add(text);
        } else if (claim instanceof JsonArray array) {
            array.forEach(value -> addTexts(value, into));
        } else if (claim instanceof JsonObject object) {
            into.addAll(object.keySet());
        } else if (claim instanceof Map<?, ?> map) {
            map.keySet().forEach(key -> into.add(String.valueOf(key)));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(value -> addTexts(value, into));
        } else {
            // a number or boolean is no organization: make the token ambiguous rather than ignore it
            into.add("\u0000" + claim);
        }
        into.removeIf(String::isBlank);
    }
}
