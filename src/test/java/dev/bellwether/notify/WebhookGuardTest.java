package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The webhook URL guard against server-side request forgery, without the container. */
class WebhookGuardTest {

    private final WebhookGuard production = WebhookGuard.of(false, true);

    @ParameterizedTest
    @ValueSource(strings = {"https://10.0.0.1/hook", "https://127.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://localhost:8443/x", "https://[::1]/x", "https://192.168.1.20/x", "https://172.16.5.4/x",
        "https://100.64.0.1/x", "https://0.0.0.0/x", "https://[fd00::1]/x", "https://[::ffff:10.0.0.1]/x",
        "https://[fe80::1]/x", "https://[64:ff9b::a9fe:a9fe]/x", "https://[2002:c0a8:0101::1]/x"})
    void internalAddressesAreRefusedInProduction(String url) {
        Optional<String> problem = production.problem(url);
        assertTrue(problem.isPresent(), url);
        assertTrue(problem.get().contains("loopback, private or link-local"), problem.get());
    }

    @Test
    void aPublicHttpsAddressIsAccepted() {
        assertEquals(Optional.empty(), production.problem("https://93.184.216.34/services/T000/B000/XXXX"));
    }

    @Test
    void productionWantsHttpsAndAPlainUrl() {
        assertEquals(Optional.of("url must use https"), production.problem("http://93.184.216.34/hook"));
        assertEquals(Optional.of("url must start with https://"), production.problem("ftp://93.184.216.34/hook"));
        assertEquals(Optional.of("url must start with https://"), production.problem("javascript:alert(1)"));
        assertEquals(Optional.of("url must not carry a user name or password"),
                production.problem("https://user:secret@93.184.216.34/hook"));
        assertEquals(Optional.of("url's port must be from 1 to 65535 (or left out)"),
                production.problem("https://93.184.216.34:99999/hook"));
        assertEquals(Optional.of("url's port must be from 1 to 65535 (or left out)"),
                production.problem("https://93.184.216.34:0/hook"));
        assertEquals(Optional.empty(), production.problem("https://93.184.216.34:8443/hook"));
        assertEquals(Optional.of("url is required"), production.problem(" "));
        assertEquals(Optional.of("url is not a valid URL"), production.problem("https://exa mple.com/"));
        assertEquals(Optional.of("url must be at most 2000 characters"),
                production.problem("https://93.184.216.34/" + "a".repeat(2000)));
    }

    @Test
    void aWebhookBeingSwitchedOffIsCheckedForItsFormOnly() {
        String gone = "https://hooks.no-longer-resolves.invalid/x";
        assertTrue(production.problem(gone).orElseThrow().contains("does not resolve"));
        assertTrue(production.problem(gone, true).orElseThrow().contains("does not resolve"));
        assertEquals(Optional.empty(), production.problem(gone, false));
        assertEquals(Optional.empty(), production.problem("https://10.0.0.1/hook", false));
        assertEquals(Optional.of("url must use https"), production.problem("http://93.184.216.34/hook", false));
    }

    @Test
    void publicAddressesInsideNat64And6to4AreAccepted() {
        assertEquals(Optional.empty(), production.problem("https://[64:ff9b::5db8:d822]/hook"));
        assertEquals(Optional.empty(), production.problem("https://[2002:5db8:d822::1]/hook"));
    }

    @Test
    void aLocalMachineMayPointTheWebhookAtItself() {
        WebhookGuard local = WebhookGuard.of(true, true);
        assertEquals(Optional.empty(), local.problem("http://127.0.0.1:9999/hook"));
        assertEquals(Optional.empty(), local.problem("https://10.0.0.1/hook"));
        assertEquals(Optional.of("url must start with https://"), local.problem("file:///etc/passwd"));
    }
}
