package dev.bellwether.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.Response;

/**
 * Static files are linked with their content hash and cached for a year only under it; text answers
 * (pages, CSS, scripts) travel gzip-compressed; the charting library is the largest of them.
 */
@QuarkusTest
class StaticAssetsTest {

    @Inject
    TestTenants tenants;

    /** Only the platform operator creates tenants: the CSM page's tenant is created first. */
    @BeforeEach
    void createTheTenant() {
        tenants.ensure("static-assets");
    }

    @Test
    void pagesLinkTheStylesheetAndScriptsWithTheirContentHash() throws Exception {
        String page = given().get("/signed-out").then().statusCode(200).extract().asString();
        String css = sha(Files.readAllBytes(Path.of("src/main/resources/META-INF/resources/css/app.css")));
        String app = sha(Files.readAllBytes(Path.of("src/main/resources/META-INF/resources/js/app.js")));
        assertTrue(page.contains("href=\"/css/app.css?v=" + css + "\""), "the stylesheet's hash " + css);
        assertTrue(page.contains("src=\"/js/app.js?v=" + app + "\""), "app.js's hash " + app);
        assertTrue(page.contains("src=\"/webjars/htmx.org/dist/htmx.min.js?v="), "htmx, versioned");
        assertEquals(Assets.version("/webjars/htmx.org/dist/htmx.min.js").orElseThrow(),
                Assets.version("/webjars/htmx.org/2.0.10/dist/htmx.min.js").orElseThrow(),
                "a webjar path without its version is the file the locator serves");
        assertTrue(Assets.version("/css/no-such.css").isEmpty());
    }

    /** Every script, stylesheet and charting library a template names goes through {@code {asset:url(…)}}. */
    @Test
    void noTemplateNamesAStaticScriptOrStyleWithoutItsVersion() throws Exception {
        Pattern reference = Pattern.compile(
                "<script[^>]*\\ssrc=\"([^\"]*)\""
                        + "|<link[^>]*rel=\"(?:stylesheet|preload|modulepreload)\"[^>]*href=\"([^\"]*)\""
                        + "|data-echarts[a-z-]*=\"([^\"]*)\"");
        List<String> unversioned = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = reference.matcher(Files.readString(file));
                while (m.find()) {
                    String url = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    seen++;
                    if (!url.matches("\\{asset:url\\('/[^']+'\\)}")) {
                        unversioned.add(file.getParent().getFileName() + "/" + file.getFileName() + ": " + url);
                    }
                }
            }
        }
        assertTrue(seen >= 10, "the scan finds the pages' scripts and styles: " + seen);
        assertEquals(List.of(), unversioned, "static scripts and styles named without their content hash");
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = @Claim(key = "tenant", value = "static-assets"))
    void theCsmPageLoadsItsScriptWithItsHash() throws Exception {
        String page = given().get("/csm").then().statusCode(200).extract().asString();
        String worklist = sha(Files.readAllBytes(Path.of("src/main/resources/META-INF/resources/js/worklist.js")));
        String quickjump = sha(Files.readAllBytes(Path.of("src/main/resources/META-INF/resources/js/quickjump.js")));
        assertTrue(page.contains("src=\"/js/worklist.js?v=" + worklist + "\""), "worklist.js's hash " + worklist);
        assertTrue(page.contains("src=\"/js/quickjump.js?v=" + quickjump + "\""), "quickjump.js's hash " + quickjump);
        Matcher local = Pattern.compile("(?:src|href)=\"(/(?:js|css)/[^\"]+)\"").matcher(page);
        while (local.find()) {
            assertTrue(local.group(1).contains("?v="), local.group(1) + " carries its version");
        }
    }

    @Test
    void onlyTheCurrentVersionIsImmutableAnythingElseIsRevalidated() {
        String url = Assets.url("/css/app.css");
        Response current = given().get(url);
        assertEquals(200, current.statusCode());
        assertEquals("public, max-age=31536000, immutable", current.header("Cache-Control"));
        for (String stale : new String[] {"/css/app.css", "/css/app.css?v=0123456789ab", "/js/charts.js"}) {
            Response response = given().get(stale);
            assertEquals(200, response.statusCode(), stale);
            assertEquals("no-cache", response.header("Cache-Control"), stale + " is revalidated, never immutable");
        }
        Response webjar = given().get(Assets.url("/webjars/echarts/echarts.min.js"));
        assertEquals(200, webjar.statusCode());
        assertEquals("public, max-age=31536000, immutable", webjar.header("Cache-Control"));
        assertEquals("no-cache", given().get("/webjars/echarts/echarts.min.js").header("Cache-Control"));
        // nobody signed in can make the app remember paths that are no file, whatever their version
        int remembered = Assets.remembered();
        for (String missing : List.of("/css/no-such-1.css", "/js/no-such-2.js", "/webjars/no-such/x.js",
                "/webjars/echarts/no-such.js")) {
            assertEquals(404, given().get(missing + "?v=0123456789ab").statusCode(), missing);
        }
        assertEquals(remembered, Assets.remembered());
    }

    @Test
    void textTravelsGzipCompressed() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        // ECharts: 1,029,203 bytes as a file, about a third of that on the wire.
        HttpResponse<byte[]> charts = get(client, Assets.url("/webjars/echarts/echarts.min.js"));
        assertEquals("gzip", charts.headers().firstValue("Content-Encoding").orElse(""));
        assertTrue(charts.body().length < 400_000, "compressed: " + charts.body().length + " bytes");
        assertEquals(1_029_203, gunzip(charts.body()).length, "the whole library once unpacked");
        for (String path : new String[] {"/signed-out", Assets.url("/css/app.css"), Assets.url("/js/charts.js")}) {
            HttpResponse<byte[]> response = get(client, path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElse(""), path);
        }
        HttpResponse<byte[]> plain = client.send(HttpRequest.newBuilder(uri("/signed-out")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertFalse(plain.headers().firstValue("Content-Encoding").isPresent(), "no gzip unless the browser asks");
        assertTrue(new String(plain.body(), StandardCharsets.UTF_8).contains("You are signed out"));
    }

    private static HttpResponse<byte[]> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static URI uri(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return URI.create("http://localhost:" + port + path);
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
    }
}
