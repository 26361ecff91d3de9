package dev.bellwether.team;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Whether a tenant's sign-in provider may live at an issuer address. Keycloak fetches the address's
 * discovery document, then calls its token endpoint at every sign-in, from inside our network: an
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

    private IssuerAddress() {
    }

    /** What is wrong with {@code issuer}; empty when Keycloak may be given it. */
    static Optional<String> problem(String issuer, boolean allowLocal, Resolver resolver) {
        URI uri;
        try {
            uri = new URI(issuer);
        } catch (URISyntaxException e) {
            return Optional.of(NOT_HTTPS);
        }
        String host = uri.getHost();
        boolean local = "localhost".equals(host) || "127.0.0.1".equals(host);
        boolean scheme = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && local && allowLocal;
        if (!scheme || host == null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            return Optional.of(NOT_HTTPS);
        }
        if (local && allowLocal) {
            return Optional.empty();
        }
        List<InetAddress> addresses;
        try {
            addresses = literal(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("The issuer's host " + host + " is not known to DNS");
        }
        for (InetAddress address : addresses) {
            if (isPrivate(address)) {
                return Optional.of("The issuer's host " + host + " is on a private network ("
                        + address.getHostAddress() + "): connect a provider reachable on the internet");
            }
        }
        return Optional.empty();
    }

    /** An address written as such ({@code 10.0.0.5}, {@code [::1]}): nothing to ask DNS. */
    private static boolean literal(String host) {
        return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }

    /** Loopback, private, link-local, shared (carrier) and other special-purpose addresses. */
    static boolean isPrivate(InetAddress address) {
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (b.length == 16) {
            // unique local fc00::/7, and IPv4 carried in IPv6 (::a.b.c.d, 64:ff9b::/96) judged as IPv4
            if ((b[0] & 0xfe) == 0xfc) {
                return true;
            }
            boolean zeros = true;
            for (int i = 0; i < 12; i++) {
                zeros &= b[i] == 0;
            }
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (!zeros && !nat64) {
                return false;
            }
            b = new byte[] { b[12], b[13], b[14], b[15] };
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 || first == 10 || first == 127 || first >= 224
                || first == 100 && second >= 64 && second < 128
                || first == 169 && second == 254
                || first == 172 && second >= 16 && second < 32
                || first == 192 && second == 168
                || first == 192 && second == 0 && (b[2] & 0xff) == 0
                || first == 198 && (second == 18 || second == 19);
    }
}
