package dev.bellwether.team;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

import dev.bellwether.platform.InternalAddress;

/**
 * Whether a tenant's sign-in provider may live at an issuer address. The app fetches the address's
 * discovery document ({@link DiscoveryDocument}), and Keycloak calls its token endpoint at every sign-in,
 * from inside our network: an
 * address there (a database, a cloud's metadata service at 169.254.169.254, an admin console) would
 * let any tenant's admin probe it through us. So the issuer must be https, and its host must resolve
 * only to public addresses; dev mode and the end-to-end suite allow this machine (a second local
 * realm stands in for the customer's provider), over http too.
 *
 * <p>Checked when the provider is connected. A host whose DNS later turns to a private address is not
 * caught here; a deployment that needs that also limits Keycloak's own outbound traffic (docs/deployment.md).
 */
final class IssuerAddress {

    static final String NOT_HTTPS =
            "Enter the provider's issuer, an https address such as https://login.example.com/realms/acme";

    /** A host name's addresses ({@link DomainProof#addresses}); UnknownHostException when it has none. */
    interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The longest address taken: a browser's limit, and far beyond any real issuer or endpoint. */
    static final int MAX_LENGTH = 2_000;

    private IssuerAddress() {
    }

    /** What is wrong with {@code issuer}; empty when Keycloak may be given it. */
    static Optional<String> problem(String issuer, boolean allowLocal, Resolver resolver) {
        return problem(issuer, allowLocal, resolver, NOT_HTTPS, "The issuer's host");
    }

    /**
     * What is wrong with an address the issuer's discovery document names (Keycloak calls its token, keys and
     * user-info endpoints); the same rules as for the issuer, said of that address.
     */
    static Optional<String> endpointProblem(String url, boolean allowLocal, Resolver resolver) {
        return problem(url, allowLocal, resolver, "it is not an https address", "its host");
    }

    /** The rules, in the words of {@code notHttps} and of {@code theHost} (what the sentence calls its host). */
    private static Optional<String> problem(String url, boolean allowLocal, Resolver resolver, String notHttps,
            String theHost) {
        if (url.length() > MAX_LENGTH) {
            return Optional.of(notHttps + " (at most " + MAX_LENGTH + " characters)");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(notHttps);
        }
        String host = uri.getHost();
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
        boolean scheme = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local && allowLocal;
        // a port past 65535 is taken by URI, and refused by the HTTP client only when the address is called
        if (!scheme || host == null || uri.getPort() == 0 || uri.getPort() > 65_535 || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            return Optional.of(notHttps);
        }
        if (local && allowLocal) {
            return Optional.empty();
        }
        List<InetAddress> addresses;
        try {
            addresses = literal(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of(theHost + " " + host + " is not known to DNS");
        }
        for (InetAddress address : addresses) {
            if (InternalAddress.is(address)) {
                return Optional.of(theHost + " " + host + " is on a private network ("
                        + address.getHostAddress() + "): connect a provider reachable on the internet");
            }
        }
        return Optional.empty();
    }

    /** An address written as such ({@code 10.0.0.5}, {@code [::1]}): nothing to ask DNS. */
    private static boolean literal(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
}
