package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Request lines as browsers and scripts send them, not as a URI parser wants them: characters Chrome
 * leaves unescaped in a query ({@code | ^ { } `}) and broken percent-encoding answer a page or a 400,
 * never a 500. (The HTTP server refuses most of them itself, 400, before any of the app's code; the app's
 * own code reads the scheme and an asset's {@code v} without parsing the whole URI, should one get through.)
 */
@QuarkusTest
class RawRequestLineTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aQueryWithCharactersChromeSendsUnescapedIsAnsweredAnonymously() throws Exception {
        for (String query : new String[] { "x=|", "x={}", "x=^", "x=`" }) {
            String answer = exchange("GET /signed-out?" + query);
            assertTrue(answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.1 400"), query + ": " + answer);
        }
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"),
            @Claim(key = "email", value = "cam@acme.example") })
    void aPastedFilterWithAPipeIsThePageNotAnError() throws Exception {
        String answer = exchange("GET /csm?segment=SMB|Mid");
        assertTrue(answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.1 4"), answer);
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"),
            @Claim(key = "email", value = "cam@acme.example") })
    void brokenPercentEncodingInAPageOrAnApiQueryIsRefusedByTheServer() throws Exception {
        // the HTTP server refuses these itself, before routing (an empty 400: the app has no say in its body)
        for (String target : new String[] { "/csm?page=%zz", "/csm?segment=%zz&page=2", "/api/v1/accounts?page=%zz",
                "/api/v1/accounts?limit=%", "/account/ACC-1?month=%zz", "/api/v1/metrics?month=%E0%A4%A" }) {
            String answer = exchange("GET " + target);
            assertTrue(answer.startsWith("HTTP/1.1 400"), target + ": " + answer);
        }
    }

    @Test
    void brokenPercentEncodingOnAnAssetIsNoError() throws Exception {
        String answer = exchange("GET /css/app.css?v=%zz");
        assertTrue(answer.startsWith("HTTP/1.1 200") || answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(exchange("GET /css/app.css?v=nothing-current").toLowerCase(java.util.Locale.ROOT)
                .contains("cache-control: no-cache"));
    }

    private String exchange(String line) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((line + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readNBytes(2000), StandardCharsets.UTF_8);
        }
    }
}
