package dev.bellwether.feeds;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;

/** /admin/integrations: an admin creates a key (its secret shown once), sees it used, and revokes it. */
@QuarkusTest
class IntegrationsPageTest {

    @Inject
    TestTenants testTenants;

    /** Only the platform operator creates tenants: this test's fixed tenants are created first. */
    @BeforeEach
    void createTheTenants() {
        testTenants.ensure(TENANT);
    }

    static final String TENANT = "integrations-page";

    @Inject
    TenantData data;

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anAdminCreatesAKeySeesItsSecretOnceAndRevokesIt() {
        given().get("/admin/integrations").then().statusCode(200).body(containsString("<h1>Integrations</h1>"))
                .body(containsString("No key yet.")).body(containsString("/api/v1/events"))
                // a Segment batch of its default size (1,000 events) would be refused whole: the page says so
                .body(containsString("keep a request under 500 KB: a batch size of about 200 events"));
        PageClient.htmx("/admin/integrations").formParam("name", " ").post("/admin/integrations/keys")
                .then().statusCode(422)
                // a refusal is said at once, and the field at fault takes the focus
                .body(containsString("<p class=\"form-error\" role=\"alert\" tabindex=\"-1\">Nothing was created: the"
                        + " name needs a fix."))
                .body(containsString("placeholder=\"Segment production\" autofocus aria-invalid=\"true\""));
        String form = given().get("/admin/integrations").then().extract().asString()
                .replaceAll("(?s).*<input type=\"hidden\" name=\"form\" value=\"([0-9a-f-]{36})\">.*", "$1");
        String page = PageClient.htmx("/admin/integrations").formParam("name", "Segment production")
                .formParam("form", form).post("/admin/integrations/keys").then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body(containsString("Key “Segment production” created")).extract().asString();
        // a reload of that answer posts the same form again: no second key, and the page says why
        PageClient.htmx("/admin/integrations").formParam("name", "Segment production").formParam("form", form)
                .post("/admin/integrations/keys").then().statusCode(409)
                // no field is at fault: the reason takes the keyboard, read out as the page opens
                .body(containsString("role=\"alert\" tabindex=\"-1\" autofocus>Nothing more was created: this form"
                        + " created the key “Segment production” already, listed below, and its secret was shown once"
                        + " only"))
                .body(containsString("value=\"Segment production\""));
        assertEquals("1", data.single(TENANT, "select count(*) from ingest_key"));
        // a second active key of that name could not be told from the first in the list: refused on the field
        PageClient.htmx("/admin/integrations").formParam("name", "segment production").post("/admin/integrations/keys")
                .then().statusCode(422).body(containsString("Nothing was created: the name needs a fix."))
                .body(containsString("id=\"key-name-error\" class=\"field-error\">Name is already an active"
                        + " key&#39;s name: choose another"))
                .body(containsString("value=\"segment production\""));
        assertEquals("1", data.single(TENANT, "select count(*) from ingest_key"));
        Matcher secret = Pattern.compile("data-testid=\"new-key-secret\">(bwk_[A-Za-z0-9_-]{43})<").matcher(page);
        assertTrue(secret.find(), page);
        // revoking a key from the page that shows the new secret would lose it: the confirmation says so first
        assertTrue(page.contains("<p class=\"small\"><strong>Copy the secret of “Segment production” above first:"
                + " once this page changes it is not shown again.</strong></p><button type=\"submit\">Revoke key"
                + " Segment production</button>"), page);
        // the secret is not shown again
        given().get("/admin/integrations").then().statusCode(200).body(containsString("Segment production"))
                .body(containsString("never")).body(not(containsString(secret.group(1))));

        given().auth().preemptive().basic(secret.group(1), "").contentType("application/json")
                .body("{\"type\":\"group\",\"groupId\":\"ACC-P\",\"traits\":{\"name\":\"P\"}}")
                .post("/api/v1/events").then().statusCode(200);
        // revoking, which nothing undoes, asks once more
        given().get("/admin/integrations").then().statusCode(200).body(not(containsString(">never<")))
                .body(containsString("<summary>Revoke…<span class=\"visually-hidden\"> key Segment production</span>"))
                .body(containsString("<button type=\"submit\">Revoke key Segment production</button>"))
                .body(not(containsString("Copy the secret of")))
                // a card per key on a phone: the name is the row's heading
                .body(containsString("<table class=\"stack\" data-testid=\"ingest-keys\""
                        + " aria-labelledby=\"keys-heading\">"))
                .body(containsString("<th scope=\"row\">Segment production</th>"));

        String id = data.single(TENANT, "select id from ingest_key");
        PageClient.htmx("/admin/integrations").redirects().follow(false)
                .post("/admin/integrations/keys/" + id + "/revoke").then().statusCode(303);
        given().get("/admin/integrations?done=revoked").then().statusCode(200)
                .body(containsString("The key is revoked")).body(containsString("revoked "));
        assertEquals("1", data.single(TENANT, "select count(*) from ingest_key where revoked_at is not null"));
        PageClient.htmx("/admin/integrations").post("/admin/integrations/keys/" + java.util.UUID.randomUUID()
                + "/revoke").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aCsmCannotSeeOrCreateKeys() {
        given().get("/admin/integrations").then().statusCode(403);
        PageClient.htmx("/settings/notifications").formParam("name", "x").post("/admin/integrations/keys")
                .then().statusCode(403);
    }
}
