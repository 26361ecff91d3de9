package dev.bellwether.team;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which issuers are refused, before any lookup and after. */
class IssuerAddressTest {

    @Test
    void theSchemeIsHttpsAndLocalHttpOnlyWhereAllowed() {
        IssuerAddress.Resolver none = host -> {
            throw new AssertionError("no lookup for " + host);
        };
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("http://login.example", true, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("http://localhost:8190", false, none));
        assertEquals(Optional.empty(), IssuerAddress.problem("http://localhost:8190/realms/x", true, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("https://a.example/?x=1", true, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("not a url", true, none));
        assertEquals(Optional.of("The issuer's host localhost is on a private network (127.0.0.1): connect a"
                + " provider reachable on the internet"), IssuerAddress.problem("https://localhost", false,
                        host -> List.of(InetAddress.getByName("127.0.0.1"))));
    }

    /** A port out of range passes java.net.URI, and would have failed only when the document was fetched (a 500). */
    @Test
    void aPortOutOfRangeIsRefusedBeforeAnyLookup() {
        IssuerAddress.Resolver none = host -> {
            throw new AssertionError("no lookup for " + host);
        };
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS),
                IssuerAddress.problem("https://login.example.com:99999/realms/acme", false, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("https://1.1.1.1:65536", false, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS), IssuerAddress.problem("https://1.1.1.1:0/x", false, none));
        assertEquals(Optional.of("it is not an https address"),
                IssuerAddress.endpointProblem("https://login.example.com:70000/token", false, none));
        assertEquals(Optional.empty(), IssuerAddress.problem("https://1.1.1.1:65535/realms/acme", false, none));
        assertEquals(Optional.empty(), IssuerAddress.problem("http://localhost:8190/realms/x", true, none));
    }

    /** A longer address is refused before it is read (stripping its slashes once took time quadratic in them). */
    @Test
    void anAddressOfMoreThan2000CharactersIsRefused() {
        IssuerAddress.Resolver none = host -> {
            throw new AssertionError("no lookup for " + host);
        };
        String slashes = "https://login.example.com" + "/".repeat(5_000_000) + "x";
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS + " (at most 2000 characters)"),
                IssuerAddress.problem(slashes, false, none));
        String longest = "https://localhost/" + "r".repeat(2_000 - 18);
        assertEquals(Optional.empty(), IssuerAddress.problem(longest, true, none));
        assertEquals(Optional.of(IssuerAddress.NOT_HTTPS + " (at most 2000 characters)"),
                IssuerAddress.problem(longest + "r", true, none));
    }
}
