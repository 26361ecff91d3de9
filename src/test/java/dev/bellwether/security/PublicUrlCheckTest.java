package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** Production refuses a public address that only the server itself can reach, unless a demo machine says so. */
class PublicUrlCheckTest {

    @Test
    void theShippedDefaultIsRefusedInProductionNamingTheVariable() throws IOException {
        Properties file = new Properties();
        try (InputStream in = PublicUrlCheckTest.class.getResourceAsStream("/application.properties")) {
            file.load(in);
        }
        assertEquals("${BW_PUBLIC_URL:http://localhost:8080}", file.getProperty(PublicUrlCheck.PROPERTY));
        assertEquals(Optional.of("Bellwether will not start in production with BW_PUBLIC_URL 'http://localhost:8080',"
                + " which only the machine itself can reach: set it to the address users reach the app at"
                + " (https://bellwether.example.com), or set BW_ALLOW_DEMO_SECRETS=true on a demo machine."
                + " See docs/deployment.md."),
                PublicUrlCheck.refusal(LaunchMode.NORMAL, false, "http://localhost:8080"));
    }

    @Test
    void loopbackAndMalformedAddressesAreRefusedAndReachableOnesStart() {
        for (String url : List.of("http://127.0.0.1:8080", "http://127.1.2.3", "https://LOCALHOST/",
                "http://app.localhost", "http://[::1]:8080", "http://0.0.0.0", "bellwether.example.com",
                "ftp://bellwether.example.com", "http://exa mple.com", " https://cs.acme.example/bellwether ",
                "https://bellwether.example.com\t")) {
            assertTrue(PublicUrlCheck.refusal(LaunchMode.NORMAL, false, url).isPresent(), url);
        }
        for (String url : List.of("https://bellwether.example.com", "http://10.0.0.5:8080/", "https://127.example.com",
                "https://cs.acme.example/bellwether")) {
            assertEquals(Optional.empty(), PublicUrlCheck.refusal(LaunchMode.NORMAL, false, url), url);
        }
    }

    @Test
    void aDemoMachineAndTheDevelopmentAndTestModesStartOnLocalhost() {
        assertEquals(Optional.empty(), PublicUrlCheck.refusal(LaunchMode.NORMAL, true, "http://localhost:8080"));
        assertEquals(Optional.empty(), PublicUrlCheck.refusal(LaunchMode.DEVELOPMENT, false, "http://localhost:8080"));
        assertEquals(Optional.empty(), PublicUrlCheck.refusal(LaunchMode.TEST, false, "http://localhost:8080"));
    }
}
