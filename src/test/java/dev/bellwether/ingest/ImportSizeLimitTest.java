package dev.bellwether.ingest;

import static dev.bellwether.testing.ImportClient.upload;
import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Files over the configured limit are refused with 413 and nothing is written, however they arrive. */
@QuarkusTest
@TestProfile(ImportSizeLimitTest.TwoKilobytes.class)
class ImportSizeLimitTest {

    /** The limit lowered to 2 KB, so the test needs no 200 MB file. */
    public static class TwoKilobytes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellwether.import.max-file-size", "2K");
        }
    }

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void multipartFileOverTheLimit() throws IOException {
        String tenant = tenants.create("size");
        Path big = Files.createTempDirectory("size").resolve("accounts.csv");
        Files.write(big, accounts(100));
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), big).then().statusCode(413)
                .body("status", equalTo("rejected"))
                .body("errors[0].file", equalTo("accounts.csv"))
                .body("errors[0].message", containsString("larger than the limit of 2 KB per file"));
        assertEquals(0, data.count(tenant, "account"));
    }

    @Test
    void requestBodyOverTheLimitWithAndWithoutLength() {
        String tenant = tenants.create("size");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        uploadBody(token, "accounts", accounts(100)).then().statusCode(413);
        // no Content-Length: the body is counted as it streams and refused at the limit
        given().auth().oauth2(token).contentType("text/csv").body(new ByteArrayInputStream(accounts(100)))
                .when().post("/api/v1/imports/accounts")
                .then().statusCode(413).body("errors[0].message", containsString("2 KB"));
        assertEquals(0, data.count(tenant, "account"));
        uploadBody(token, "accounts", accounts(3)).then().statusCode(201);
    }

    @Test
    void zipEntryOverTheLimit() throws IOException {
        String tenant = tenants.create("size");
        Path zip = Files.createTempDirectory("size").resolve("all.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("accounts.csv"));
            out.write(accounts(100));
            out.closeEntry();
        }
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), zip).then().statusCode(413)
                .body("errors[0].file", equalTo("accounts.csv"));
        assertEquals(0, data.count(tenant, "account"));
    }

    private static byte[] accounts(int rows) {
        StringBuilder csv = new StringBuilder("account_id,name,customer_since\n");
        for (int i = 0; i < rows; i++) {
            csv.append("ACC-").append(i).append(",Company number ").append(i).append(",2025-01-01\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }
}
