package dev.bellwether.security;

import static dev.bellwether.testing.ImportClient.uploadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Hardening findings 4 and 5: a date in year 0000 answered 500 (PostgreSQL cannot store it), and a
 * single MRR row of 2099-01 was accepted and became the tenant's reporting month. Dates must lie
 * between 1900-01-01 and the end of the current UTC month (renewal and close dates up to ten years
 * later); anything else is a 422 naming line and column, with nothing written.
 */
@QuarkusTest
class ImportDateBoundsTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Recalculations recalculations;

    @Test
    void yearZeroIsTheFilesProblemWithLineAndColumn() {
        String tenant = tenants.create("year-zero");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        refused(token, "accounts", "account_id,name,customer_since\nACC-1,Alpha,2025-01-01\nACC-2,Beta,0000-01-01\n",
                3, "customer_since");
        upload(token, "accounts", "account_id,name,customer_since\nACC-1,Alpha,2025-01-01\n", 201);
        refused(token, "mrr", "account_id,month,mrr\nACC-1,0000-01,10\n", 2, "month");
        refused(token, "tickets", "ticket_id,account_id,opened_at\nT-1,ACC-1,0000-03-01T10:00:00Z\n", 2, "opened_at");
        assertEquals("0", data.single(tenant, "select count(*) from mrr"));
    }

    @Test
    void aRowFromTheFutureCannotMoveTheReportingMonth() {
        String tenant = tenants.create("future");
        String token = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(token, "accounts", "account_id,name,customer_since,renewal_date\nACC-1,Alpha,2025-01-01,2030-06-30\n",
                201);
        upload(token, "mrr", "account_id,month,mrr\nACC-1,2026-01,100\n", 201);
        recalculations.awaitIdle(tenant);
        refused(token, "mrr", "account_id,month,mrr\nACC-1,2026-02,100\nACC-1,2099-01,100\n", 3, "month");
        refused(token, "accounts", "account_id,name,customer_since\nACC-2,Beta,2999-01-01\n", 2, "customer_since");
        given().auth().oauth2(token).get("/api/v1/metrics").then().statusCode(200)
                .body("month", equalTo("2026-01"));
        assertEquals("1", data.single(tenant, "select count(*) from mrr"));
    }

    private static void upload(String token, String kind, String csv, int status) {
        uploadBody(token, kind, csv.getBytes(StandardCharsets.UTF_8)).then().statusCode(status);
    }

    private static void refused(String token, String kind, String csv, int line, String column) {
        uploadBody(token, kind, csv.getBytes(StandardCharsets.UTF_8)).then().statusCode(422)
                .body("status", equalTo("rejected"))
                .body("errors[0].line", equalTo(line))
                .body("errors[0].column", equalTo(column));
    }
}
