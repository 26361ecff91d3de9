package dev.bellwether.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A stand-in for Keycloak's discovery and key endpoints, so {@code @QuarkusTest} runs with the
 * app's real OIDC configuration (redirects to the login page, bearer-token validation) without a
 * Keycloak server. It signs access tokens shaped like Keycloak's for tests that call the API
 * with a real {@code Authorization: Bearer} header. The end-to-end suite uses the real Keycloak.
 */
public class FakeKeycloak implements QuarkusTestResourceLifecycleManager {

    private static final KeyPair KEYS = generateKeys();
    private static final String KEY_ID = "fake-keycloak-key";
    private static volatile String realmUrl;

    private HttpServer server;
    /** Set by failsafe for the end-to-end suite, which runs the packaged app. */
    private final boolean integrationTest = Boolean.getBoolean("bellwether.e2e");


    @Override
    public Map<String, String> start() {
        if (integrationTest) {
            return Map.of();
        }
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String base = "http://localhost:" + server.getAddress().getPort();
        realmUrl = base + "/realms/bellwether";
        server.createContext("/realms/bellwether/.well-known/openid-configuration", exchange -> json(exchange, """
                {"issuer":"%1$s",
                 "authorization_endpoint":"%1$s/protocol/openid-connect/auth",
                 "token_endpoint":"%1$s/protocol/openid-connect/token",
                 "userinfo_endpoint":"%1$s/protocol/openid-connect/userinfo",
                 "end_session_endpoint":"%1$s/protocol/openid-connect/logout",
                 "jwks_uri":"%1$s/protocol/openid-connect/certs",
                 "response_types_supported":["code"],
                 "id_token_signing_alg_values_supported":["RS256"]}
                """.formatted(realmUrl)));
        server.createContext("/realms/bellwether/protocol/openid-connect/certs", exchange -> {
            RSAPublicKey key = (RSAPublicKey) KEYS.getPublic();
            json(exchange, """
                    {"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":"%s","n":"%s","e":"%s"}]}
                    """.formatted(KEY_ID, base64Url(key.getModulus().toByteArray()),
                    base64Url(key.getPublicExponent().toByteArray())));
        });
        server.start();
        return Map.of("bellwether.keycloak.url", base);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The realm's issuer URL, as the app sees it. */
    public static String realmUrl() {
        return realmUrl;
    }

    /**
     * An access token as Keycloak would issue it from the {@code bellwether-cli} client.
     * {@code tenant} may be null for a user who has no tenant.
     */
    public static String accessToken(String username, String tenant, String... roles) {
        String email = username + "@" + (tenant == null ? "none" : tenant) + ".example";
        return accessToken(username, tenant, email, true, roles);
    }

    /** An access token as {@link #accessToken(String, String, String...)}, with this email, verified or not. */
    public static String accessToken(String username, String tenant, String email, boolean emailVerified,
            String... roles) {
        return issuedTo("bellwether-cli", username, tenant, email, emailVerified, roles);
    }

    /**
     * An access token as {@link #accessToken(String, String, String, boolean, String...)} (the email verified),
     * issued at {@code issuedAt}: the token of a page opened then, still alive.
     */
    public static String issuedAt(Instant issuedAt, String username, String tenant, String email, String... roles) {
        return claims("bellwether-cli", username, tenant, email, true, roles).issuedAt(issuedAt)
                .jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /** An access token as {@link #accessToken(String, String, String...)}, issued to the client {@code azp}. */
    public static String issuedTo(String azp, String username, String tenant, String... roles) {
        return issuedTo(azp, username, tenant, username + "@" + tenant + ".example", true, roles);
    }

    private static String issuedTo(String azp, String username, String tenant, String email, boolean emailVerified,
            String... roles) {
        return claims(azp, username, tenant, email, emailVerified, roles).jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    private static JwtClaimsBuilder claims(String azp, String username, String tenant, String email,
            boolean emailVerified, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(realmUrl)
                .subject("sub-" + username)
                .claim("typ", "Bearer")
                .claim("azp", azp)
                .claim("preferred_username", username)
                .claim("name", username + " Test")
                .claim("email", email)
                .claim("email_verified", emailVerified)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(Duration.ofMinutes(5));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return claims;
    }

    /**
     * An access token issued now to someone who signed in at {@code authTime} (its {@code auth_time}), as
     * Keycloak issues one when it refreshes a session.
     */
    public static String refreshedToken(Instant authTime, String username, String tenant, String... roles) {
        return Jwt.issuer(realmUrl)
                .subject("sub-" + username)
                .claim("typ", "Bearer")
                .claim("azp", "bellwether-cli")
                .claim("preferred_username", username)
                .claim("email", username + "@" + tenant + ".example")
                .claim("email_verified", true)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("tenant", tenant)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(Duration.ofMinutes(5)).jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    /**
     * An access token whose tenant comes from Keycloak's {@code organization} claim (the aliases of
     * the user's organizations), plus a {@code tenant} claim when {@code tenant} is not null (a text, or a list
     * as a multivalued mapper writes it).
     */
    public static String organizationToken(String username, List<String> organizations, Object tenant,
            String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(realmUrl)
                .subject("sub-" + username)
                .claim("typ", "Bearer")
                .claim("azp", "bellwether-cli")
                .claim("preferred_username", username)
                .claim("name", username + " Test")
                .claim("email", username + "@example.com")
                .claim("email_verified", true)
                .claim("organization", organizations)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .expiresIn(Duration.ofMinutes(5));
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        return claims.jws().keyId(KEY_ID).sign(KEYS.getPrivate());
    }

    private static void json(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String base64Url(byte[] bigEndian) {
        int start = bigEndian.length > 1 && bigEndian[0] == 0 ? 1 : 0;
        byte[] unsigned = java.util.Arrays.copyOfRange(bigEndian, start, bigEndian.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }

    private static KeyPair generateKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
