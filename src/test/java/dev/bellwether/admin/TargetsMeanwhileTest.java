package dev.bellwether.admin;

import static dev.bellwether.admin.AdminPagesTest.csrf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;

/**
 * Two admins on the Targets page changing the same field: the later save does not silently replace what the earlier
 * one stored after the later one's page was opened; it is refused (409), the form keeps what was typed and now says
 * it was opened with what is stored, so saving again replaces it knowingly.
 */
@QuarkusTest
class TargetsMeanwhileTest {

    static final String TENANT = "admin-meanwhile";

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @BeforeEach
    void tenant() {
        tenants.ensure(TENANT);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT),
            @Claim(key = "email", value = "ada@meanwhile.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aTargetSetMeanwhileIsNotReplacedUnseen() {
        // this admin's page showed NRR at its default (blank); another admin then sets 120
        csrf("/admin/targets").formParam("nrr", "120").post("/admin/targets").then().statusCode(200)
                .body(containsString("Saved 1 target."));
        String refused = csrf("/admin/targets").formParam("nrr", "115").formParam("was.nrr", "")
                .formParam("grr", "96").formParam("was.grr", "").post("/admin/targets").then().statusCode(409)
                .extract().asString();
        assertTrue(refused.contains("Nothing was saved: 1 target was changed by someone else since you opened this"
                + " page."), refused);
        assertTrue(refused.contains("Net revenue retention target: someone set it to 120 after you opened the page,"
                + " which showed the default. Yours is still in the field: save again to replace theirs."), refused);
        assertTrue(refused.contains("name=\"was.nrr\" value=\"120\""), "NRR now says it was opened at 120");
        assertTrue(refused.contains("name=\"was.grr\" value=\"\""), "GRR was not changed meanwhile");
        assertTrue(Pattern.compile("name=\"nrr\" [^>]*\\s+value=\"115\"").matcher(refused).find(), "115 is kept");
        assertEquals("nrr=120", targets(), "nothing was written, GRR's change neither");
        // saved again from the refused form: this admin now knowingly replaces it
        csrf("/admin/targets").formParam("nrr", "115").formParam("was.nrr", "120").formParam("grr", "96")
                .formParam("was.grr", "").post("/admin/targets").then().statusCode(200)
                .body(containsString("Saved 2 targets."));
        assertEquals("grr=96,nrr=115", targets());
        // a value someone else stored that is the one typed is no clash: nothing to change
        csrf("/admin/targets").formParam("nrr", "115").formParam("was.nrr", "").post("/admin/targets").then()
                .statusCode(200).body(containsString("No target changed."));
        // back to the default over a target set meanwhile is a clash too
        csrf("/admin/targets").formParam("grr", "").formParam("was.grr", "97").post("/admin/targets").then()
                .statusCode(409).body(containsString("Gross revenue retention target: someone set it to 96 after"
                        + " you opened the page, which showed 97."));
        assertEquals("grr=96,nrr=115", targets());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT),
            @Claim(key = "email", value = "ada@meanwhile.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void anOwnerOrCadenceSetMeanwhileIsNotReplacedUnseen() {
        data.single(TENANT, "with x as (insert into account (tenant_id, account_id, name, segment, customer_since,"
                + " csm_email) values ('" + TENANT + "', 'ACC-COLE', 'Cole Co', 'SMB', date '2025-01-01',"
                + " 'cole@meanwhile.example') on conflict do nothing returning 1) select count(*) from x");
        data.single(TENANT, "with x as (delete from kpi_owner returning 1) select count(*) from x");
        // this admin's page showed GRR owned by ada, reviewed monthly; another admin then makes cole the owner and
        // the review weekly
        csrf("/admin/targets").formParam("o.grr.owner", "ada@meanwhile.example").formParam("o.grr.cadence", "monthly")
                .post("/admin/targets/owners").then().statusCode(200).body(containsString("Saved 1 KPI."));
        csrf("/admin/targets").formParam("o.grr.owner", "cole@meanwhile.example").formParam("o.grr.cadence", "weekly")
                .post("/admin/targets/owners").then().statusCode(200).body(containsString("Saved 1 KPI."));
        String refused = csrf("/admin/targets").formParam("o.grr.owner", "").formParam("o.grr.was-owner",
                "ada@meanwhile.example").formParam("o.grr.cadence", "quarterly").formParam("o.grr.was-cadence",
                        "monthly").formParam("o.nps.owner", "ada@meanwhile.example").formParam("o.nps.was-owner", "")
                .formParam("o.nps.cadence", "monthly").formParam("o.nps.was-cadence", "monthly")
                .post("/admin/targets/owners").then().statusCode(409).extract().asString();
        assertTrue(refused.contains("<li id=\"owner-error-0\">Gross revenue retention: someone made"
                + " cole@meanwhile.example the owner after you opened the page. Your choice is still in the form:"
                + " save again to replace theirs.</li>"),
                refused);
        assertTrue(refused.contains("<li id=\"owner-error-1\">Gross revenue retention: someone set the review"
                + " cadence to weekly after you opened the page."), refused);
        assertTrue(refused.contains("name=\"o.grr.was-owner\" value=\"cole@meanwhile.example\""), refused);
        assertTrue(refused.contains("name=\"o.grr.was-cadence\" value=\"weekly\""), refused);
        assertTrue(Pattern.compile("name=\"o.grr.cadence\"[^>]*>\\s*<option value=\"weekly\">[^<]*</option>\\s*"
                + "<option value=\"monthly\">[^<]*</option>\\s*<option value=\"quarterly\" selected>").matcher(refused)
                .find(), "quarterly is still chosen");
        assertEquals("grr:cole@meanwhile.example:weekly", owners(), "nothing was written, NPS's owner neither");
        // saved again from the refused form: replaced knowingly
        csrf("/admin/targets").formParam("o.grr.owner", "").formParam("o.grr.was-owner", "cole@meanwhile.example")
                .formParam("o.grr.cadence", "quarterly").formParam("o.grr.was-cadence", "weekly")
                .post("/admin/targets/owners").then().statusCode(200).body(containsString("Saved 1 KPI."));
        assertEquals("grr::quarterly", owners());
        // a field refused as wrong (422) keeps what it was opened with (ada, though none is stored now): saved again
        // with it, the change made meanwhile is still caught
        String wrong = csrf("/admin/targets").formParam("o.grr.owner", "nobody@elsewhere.example")
                .formParam("o.grr.was-owner", "ada@meanwhile.example").post("/admin/targets/owners").then()
                .statusCode(422).extract().asString();
        assertTrue(wrong.contains("name=\"o.grr.was-owner\" value=\"ada@meanwhile.example\""), wrong);
    }

    private String targets() {
        return data.single(TENANT, "select coalesce(string_agg(metric || '=' || target, ',' order by metric), '')"
                + " from kpi_target");
    }

    private String owners() {
        return data.single(TENANT, "select string_agg(metric || ':' || coalesce(owner_email, '') || ':' || cadence,"
                + " ',' order by metric) from kpi_owner");
    }
}
