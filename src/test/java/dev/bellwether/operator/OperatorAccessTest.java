package dev.bellwether.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.OperatorProfile;
import dev.bellwether.testing.RecordingDirectory;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Who reaches the operator's endpoints, and what the operator reaches: two tenants and all four roles.
 * No tenant user (admin, executive, csm, nor a token with a tenant and the operator role) reaches
 * {@code /api/v1/tenants}, and none of their attempts changes anything; the operator, who has no
 * tenant, reaches no tenant's data.
 */
@QuarkusTest
@TestProfile(OperatorProfile.class)
class OperatorAccessTest {

    static final List<String> TENANT_ROLES = List.of("admin", "executive", "csm");
    static final String OPERATOR = FakeKeycloak.accessToken("otto", null, "operator");

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    RecordingDirectory directory;

    /** Every operator call, each with a body that would succeed for the operator. */
    static Map<String, java.util.function.Function<RequestSpecification, io.restassured.response.Response>> calls(
            String target) {
        return Map.of(
                "GET /api/v1/tenants", r -> r.get("/api/v1/tenants"),
                "POST /api/v1/tenants", r -> r.contentType(ContentType.JSON)
                        .body("{\"id\":\"" + target + "-new\",\"name\":\"New\",\"adminEmail\":\"n@new.example\"}")
                        .post("/api/v1/tenants"),
                "PATCH /api/v1/tenants/{id}", r -> r.contentType(ContentType.JSON).body("{\"status\":\"suspended\"}")
                        .patch("/api/v1/tenants/" + target),
                "POST /api/v1/tenants/{id}/admins", r -> r.contentType(ContentType.JSON)
                        .body("{\"email\":\"boss@" + target + ".example\"}")
                        .post("/api/v1/tenants/" + target + "/admins"),
                "DELETE /api/v1/tenants/{id}", r -> r.delete("/api/v1/tenants/" + target));
    }

    @Test
    void noRoleOfEitherTenantReachesTheOperatorsEndpointsAndNothingChanges() {
        String a = tenants.create("iso-a");
        String b = tenants.create("iso-b");
        tenants.addAccount(a, "A-1", "Alpha");
        tenants.addAccount(b, "B-1", "Beta");
        Map<String, String> before = Map.of(a, String.join(",", data.fingerprint(a).values()),
                b, String.join(",", data.fingerprint(b).values()));
        int calls = directory.calls().size();
        for (String tenant : List.of(a, b)) {
            String other = tenant.equals(a) ? b : a;
            for (String role : TENANT_ROLES) {
                String token = FakeKeycloak.accessToken(role + "-user", tenant, role);
                for (String target : List.of(tenant, other)) {
                    calls(target).forEach((name, call) -> assertEquals(403,
                            call.apply(given().auth().oauth2(token)).statusCode(), role + " of " + tenant + ": " + name
                                    + " on " + target));
                }
            }
            for (String operatorWithTenant : List.of(FakeKeycloak.accessToken("otto2", tenant, "operator"),
                    FakeKeycloak.organizationToken("otto3", List.of(tenant), null, "operator"),
                    FakeKeycloak.organizationToken("otto4", List.of(a, b), null, "operator"))) {
                calls(other).forEach((name, call) -> assertEquals(403,
                        call.apply(given().auth().oauth2(operatorWithTenant)).statusCode(),
                        "a token naming a tenant (or two), with the operator role: " + name));
            }
        }
        assertEquals(before, Map.of(a, String.join(",", data.fingerprint(a).values()),
                b, String.join(",", data.fingerprint(b).values())));
        assertEquals(calls, directory.calls().size());
        for (String tenant : List.of(a, b)) {
            given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin")).get("/api/v1/me").then()
                    .statusCode(200);
            given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().statusCode(200)
                    .body("find { it.id == '" + tenant + "' }.status", equalTo("active"))
                    .body("find { it.id == '" + tenant + "' }.accounts", equalTo(1));
        }
    }

    @Test
    void theOperatorReadsNoTenantsDataAndTenantFreeRoutesAnswerIt() {
        String refusal = "This is an organisation's own page or call: as the platform operator you see none of its"
                + " data. Your page is Tenants, at /operator.";
        // refused by the route's roles or, on one any signed-in person may call, for the tenant it lacks: either way
        // in words fit for the operator (not "ask to be given a tenant", which would make them no longer the operator)
        for (String path : List.of("/api/v1/accounts", "/api/v1/metrics", "/api/v1/imports", "/api/v1/alerts",
                "/api/v1/health-model", "/api/v1/admin/ingest-keys", "/api/v1/tasks", "/api/v1/views", "/api/v1/team",
                "/api/v1/team/sso", "/api/v1/export", "/api/v1/me/notifications")) {
            String message = given().auth().oauth2(OPERATOR).get(path).then().statusCode(403).extract()
                    .path("message");
            assertEquals(refusal, message, path);
        }
        // a tenant's member who also holds the role is no operator (the operator has no tenant): told of their role
        String staff = FakeKeycloak.accessToken("sam", "acme", "csm", "operator");
        given().auth().oauth2(staff).get("/api/v1/team").then().statusCode(403)
                .body("message", equalTo("Your role does not allow this call."));
        given().auth().oauth2(OPERATOR).get("/api/v1/me").then().statusCode(200).body("user", equalTo("otto"))
                .body("tenant", equalTo("")).body("roles", equalTo(List.of("operator")));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItems("acme", "globex"))
                // figures about the tenant, nothing of its business data: exactly these keys
                .body("[0].keySet()", org.hamcrest.Matchers.containsInAnyOrder("id", "name", "status", "createdAt",
                        "statusChangedAt", "accounts", "users", "lastImport", "rows", "dataBytes"));
    }

    @Test
    void aTokenWithoutTenantAndWithoutTheOperatorRoleStillGets403Everywhere() {
        String nomad = FakeKeycloak.accessToken("nomad", null, "admin");
        given().auth().oauth2(nomad).get("/api/v1/tenants").then().statusCode(403);
        given().auth().oauth2(nomad).get("/api/v1/me").then().statusCode(403)
                .body("message", containsString("carries no tenant"));
        given().auth().oauth2(nomad).get("/api/v1/accounts").then().statusCode(403);
    }
}
