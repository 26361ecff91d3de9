package dev.bellwether.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Bodies outside the imports are refused above 10 MB before they are read (413), and without a
 * length outside the imports and the events feed (411); an import still takes large uploads.
 */
@QuarkusTest
class RequestSizeLimitTest {

    /** A multipart upload's head declaring 50 MB, and the start of its file. */
    private static final String UPLOAD_HEAD = "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: "
            + 50 * 1024 * 1024 + "\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\";"
            + " filename=\"accounts.csv\"\r\nContent-Type: text/csv\r\n\r\naccount_id,name\r\n";

    @Inject
    TestTenants tenants;

    @ConfigProperty(name = "quarkus.http.test-port")
    int port;

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String tenant = tenants.create("sizes");
        String token = FakeKeycloak.accessToken("cam", tenant, "csm");
        // only the head is sent: the answer comes without waiting for the 11 MB the head declares
        String answer = exchange("PUT /api/v1/me/notifications HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + 11 * 1024 * 1024 + "\r\n\r\n[\"");
        assertEquals("HTTP/1.1 413", answer.substring(0, 12), answer);
        assertEquals(true, answer.contains("{\"status\":413,\"error\":\"payload_too_large\","
                + "\"message\":\"A request body here holds at most 10 MB\"}"), answer);
        // the events feed's own limit is the one named: a sender trusting "10 MB" would be refused again at 5 MB
        String events = exchange("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + 11 * 1024 * 1024 + "\r\n\r\n[");
        assertEquals("HTTP/1.1 413", events.substring(0, 12), events);
        assertEquals(true, events.contains("\"message\":\"A request holds at most 500 KB of events; send smaller"
                + " batches\"}"), events);
        assertEquals("HTTP/1.1 413", exchange("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type:"
                + " application/json\r\nContent-Length: " + (500 * 1024 + 64 * 1024 + 1) + "\r\n\r\n[")
                .substring(0, 12));
        String page = exchange("POST /csm/views HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/x-www-form-urlencoded\r\nContent-Length: 99999999999\r\n\r\nname=");
        assertEquals("HTTP/1.1 413", page.substring(0, 12), page);
        String chunked = exchange("PUT /api/v1/me/notifications HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n");
        assertEquals("HTTP/1.1 411", chunked.substring(0, 12), chunked);
        // HTTP/1.0 keeps a small Content-Length beside Transfer-Encoding, and would read the chunks without end
        for (String path : List.of("/api/v1/me/notifications", "/api/v1/events")) {
            String both = exchange("PUT " + path + " HTTP/1.0\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n[]\r\n");
            assertEquals("HTTP/1.0 400", both.substring(0, 12), both);
            assertEquals(true, both.contains("\"message\":\"Send a Content-Length or a Transfer-Encoding, not both\""),
                    both);
        }
        // a body within the limit is the endpoint's to judge
        given().auth().oauth2(token).contentType("application/json").body("{\"digest\":\"daily\"}")
                .put("/api/v1/me/notifications").then().statusCode(org.hamcrest.Matchers.not(equalTo(413)));
    }

    /**
     * The events feed, open until its key is checked, refuses a form or multipart body before a byte is read:
     * the app would otherwise read it whole (a file part to disk) for a caller without a key.
     */
    @Test
    void theEventsFeedTakesNoFormAndReadsNoneOfIt() throws Exception {
        for (String type : List.of("multipart/form-data; boundary=b", "Multipart/Mixed; boundary=b",
                "application/x-www-form-urlencoded")) {
            // only the head: the answer comes without waiting for the 9 MB declared
            String answer = exchange("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nContent-Length: " + 9 * 1024 * 1024 + "\r\n\r\n--b\r\n");
            assertEquals("HTTP/1.1 415", answer.substring(0, 12), type + ": " + answer);
            assertEquals(true, answer.contains("{\"status\":415,\"error\":\"unsupported_media_type\","
                    + "\"message\":\"Send the events as JSON (Content-Type: application/json)\"}"), answer);
            String chunked = exchange("POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n--b\r\n");
            assertEquals("HTTP/1.1 415", chunked.substring(0, 12), type + ": " + chunked);
        }
        // JSON without a key is the endpoint's to refuse
        given().contentType("application/json").body("{\"type\":\"track\"}").post("/api/v1/events").then()
                .statusCode(401);
    }

    /**
     * Over HTTP/2 (cleartext, as the server speaks it to a client that knows) a body needs no
     * Transfer-Encoding to come without a length: it is refused too; one that declares its length (0 for
     * none), or a GET, is not.
     */
    @Test
    void anHttp2BodyWithoutALengthIsRefusedAndOneDeclaringItsLengthIsNot() throws Exception {
        String tenant = tenants.create("sizes");
        String token = FakeKeycloak.accessToken("cam", tenant, "csm");
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                    .setProtocolVersion(io.vertx.core.http.HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false)
                    .setDefaultHost("127.0.0.1").setDefaultPort(port));
            assertEquals("HTTP_2 411", http2(client, token, true));
            assertEquals("HTTP_2 422", http2(client, token, false), "the endpoint judged the empty body");
            // a POST without a body (nor a type) needs no length: it reaches the endpoint, which takes PUT
            assertEquals(405, client.request(io.vertx.core.http.HttpMethod.POST, "/api/v1/me/notifications")
                    .compose(r -> r.putHeader("Authorization", "Bearer " + token).send())
                    .map(r -> r.statusCode())
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("HTTP_2 200", client.request(io.vertx.core.http.HttpMethod.GET, "/api/v1/me/notifications")
                    .compose(r -> r.putHeader("Authorization", "Bearer " + token).send())
                    .map(r -> r.version() + " " + r.statusCode())
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** "HTTP_2 411": the version and status of a PUT with a streamed body ({@code streamed}) or an empty one. */
    private static String http2(io.vertx.core.http.HttpClient client, String token, boolean streamed)
            throws Exception {
        return client.request(io.vertx.core.http.HttpMethod.PUT, "/api/v1/me/notifications")
                .compose(request -> {
                    request.putHeader("Authorization", "Bearer " + token)
                            .putHeader("Content-Type", "application/json");
                    if (!streamed) {
                        return request.putHeader("Content-Length", "0").send();
                    }
                    request.setChunked(true);
                    request.write("{\"digest\":");
                    return request.send("\"daily\"}");
                })
                .map(response -> response.version() + " " + response.statusCode())
                .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void anImportStillTakesABodyOverTheLimit() {
        String tenant = tenants.create("sizes");
        byte[] csv = ("account_id,name\n" + "ACC-1,Acme " + "x".repeat(60) + "\n").repeat(1).getBytes(
                StandardCharsets.UTF_8);
        byte[] padded = new byte[11 * 1024 * 1024];
        System.arraycopy(csv, 0, padded, 0, csv.length);
        java.util.Arrays.fill(padded, csv.length, padded.length, (byte) '\n');
        InputStream body = new ByteArrayInputStream(padded);
        int status = given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin"))
                .multiPart("file", "accounts.csv", body, "text/csv").post("/api/v1/imports").then().extract()
                .statusCode();
        assertEquals(true, status != 413 && status != 411, "the import judged it: " + status);
    }

    /**
     * The uploads take bodies as large as the server allows, but only from an admin: anyone else is refused before
     * the body is read (a multipart body is read whole, its file to disk, before any endpoint runs).
     */
    @Test
    void anUploadFromSomeoneWhoMayNotImportIsRefusedBeforeItIsRead() throws Exception {
        String tenant = tenants.create("sizes");
        // only the head and a little of the body: the answer comes without waiting for the 50 MB declared
        String answer = exchange("POST /api/v1/imports HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + FakeKeycloak.accessToken("cam", tenant, "csm") + "\r\n" + UPLOAD_HEAD);
        assertEquals("HTTP/1.1 403", answer.substring(0, 12), answer);
        assertEquals(true, answer.contains("{\"status\":403,\"error\":\"forbidden\",\"message\":\"Only an admin may"
                + " import data; nothing was read\"}"), answer);
        // not the imports' own reading: the same refusal for one file of a kind
        assertEquals("HTTP/1.1 403", exchange("POST /api/v1/imports/accounts HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + FakeKeycloak.accessToken("eve", tenant, "executive") + "\r\n"
                + UPLOAD_HEAD).substring(0, 12));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = "acme"),
            @Claim(key = "email", value = "cam@acme.example") })
    void anUploadOnThePageFromSomeoneWhoMayNotImportIsRefusedBeforeItIsRead() throws Exception {
        String answer = exchange("POST /admin/imports HTTP/1.1\r\nHost: localhost\r\n" + UPLOAD_HEAD);
        assertEquals("HTTP/1.1 403", answer.substring(0, 12), answer);
    }

    private String exchange(String head) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readNBytes(4000), StandardCharsets.UTF_8);
        }
    }
}
