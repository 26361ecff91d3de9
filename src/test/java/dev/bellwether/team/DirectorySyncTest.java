package dev.bellwether.team;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Someone switched off or given another role in the identity provider itself, not on the team page, is
 * followed by the people notifications reach (tenant_user): no more digests, and digests of what they see now.
 */
@QuarkusTest
class DirectorySyncTest {

    static final String TENANT = FakeTeamDirectory.TENANT;

    @Inject
    DirectorySync sync;

    @Inject
    FakeTeamDirectory directory;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    /** The team as the fake directory starts it, and no user known yet. */
    @BeforeEach
    void noUserKnownYet() throws Exception {
        tenants.ensure(TENANT);
        directory.reset();
        try (Connection c = DatabaseBootstrap.superuserConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("delete from tenant_user where tenant_id = '" + TENANT + "'");
        }
    }

    @AfterEach
    void back() {
        directory.reset();
    }

    @Test
    void someoneSwitchedOffInTheIdentityProviderGetsNoMoreMailAndARoleChangeIsFollowed() throws Exception {
        for (String[] person : new String[][] { { "cam", "csm" }, { "eve", "executive" } }) {
            given().auth().oauth2(FakeKeycloak.accessToken(person[0], TENANT, person[0] + "@team-a.example", true,
                    person[1])).contentType(ContentType.JSON).body("{\"digest\":\"daily\",\"immediate\":[]}")
                    .put("/api/v1/me/notifications").then().statusCode(200);
        }
        assertEquals("cam:csm eve:executive", users());
        assertEquals(0, sync.sync(TENANT), "both are enabled members with those roles");

        // in Keycloak's console: eve is switched off, cam becomes an admin
        directory.setEnabled(directory.member(TENANT, "eve").orElseThrow(), false);
        directory.setRole(directory.member(TENANT, "cam").orElseThrow(), "admin");
        assertEquals(2, sync.sync(TENANT));
        assertEquals("cam:admin", users());
        assertEquals(0, sync.sync(TENANT));
        // enabled, but no Bellwether role any more: no more mail either
        directory.setRole(directory.member(TENANT, "cam").orElseThrow(), "offline_access");
        assertEquals(1, sync.sync(TENANT));
        assertEquals("0", data.single(TENANT, "select count(*) from tenant_user where switched_off_at is null"));
        assertEquals(0, sync.sync(TENANT), "those switched off stay so");
        // switched on again in Keycloak's console, with a role: mail again
        directory.setEnabled(directory.member(TENANT, "eve").orElseThrow(), true);
        assertEquals(1, sync.sync(TENANT));
        assertEquals("eve:executive", users());
        // off once more, then back as an admin: one user changed, counted once
        directory.setEnabled(directory.member(TENANT, "eve").orElseThrow(), false);
        assertEquals(1, sync.sync(TENANT));
        directory.setEnabled(directory.member(TENANT, "eve").orElseThrow(), true);
        directory.setRole(directory.member(TENANT, "eve").orElseThrow(), "admin");
        assertEquals(1, sync.sync(TENANT));
        assertEquals("eve:admin", users());

        // a directory that lists nobody at all is not believed: nobody is forgotten
        tenants.ensure("sync-empty");
        given().auth().oauth2(FakeKeycloak.accessToken("zoe", "sync-empty", "zoe@empty.example", true, "csm"))
                .get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals(0, sync.sync("sync-empty"));
        assertEquals("1", data.single("sync-empty", "select count(*) from tenant_user"));
    }

    /**
     * An address an admin changed in the identity provider's console: mail stops going to the old one at the next
     * sync, and goes to the new one once it is verified, as the member's next sign-in would record it.
     */
    @Test
    void anAddressChangedInTheIdentityProviderIsFollowedOnceVerified() throws Exception {
        given().auth().oauth2(FakeKeycloak.accessToken("cam", TENANT, "cam@team-a.example", true, "csm"))
                .get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("cam@team-a.example", data.single(TENANT, "select email from tenant_user"));
        assertEquals(0, sync.sync(TENANT), "the address the directory lists");

        directory.setEmail(directory.member(TENANT, "cam").orElseThrow(), "cam.okafor@team-a.example", false);
        assertEquals(1, sync.sync(TENANT));
        assertEquals("none", data.single(TENANT, "select coalesce(email, 'none') from tenant_user"),
                "not verified yet: no mail to either address");
        assertEquals("cam:csm", users(), "still a member with the role");
        assertEquals(0, sync.sync(TENANT));

        directory.setEmail(directory.member(TENANT, "cam").orElseThrow(), "cam.okafor@team-a.example", true);
        assertEquals(1, sync.sync(TENANT));
        assertEquals("cam.okafor@team-a.example", data.single(TENANT, "select email from tenant_user"));
        assertEquals(0, sync.sync(TENANT));
        // a new address and a new role at once: one user changed
        directory.setEmail(directory.member(TENANT, "cam").orElseThrow(), "cam@team-a.example", true);
        directory.setRole(directory.member(TENANT, "cam").orElseThrow(), "executive");
        assertEquals(1, sync.sync(TENANT));
        assertEquals("cam@team-a.example", data.single(TENANT, "select email from tenant_user"));
        assertEquals("cam:executive", users());
    }

    /**
     * A page the member kept open from before an address changed in the identity provider: its token, issued
     * before the sync, carries the old address, which its requests no longer bring back; a token issued since
     * carries what Keycloak says now, and is believed.
     */
    @Test
    void aPageOpenedBeforeTheAddressChangedDoesNotBringTheOldOneBack() throws Exception {
        try (Connection c = DatabaseBootstrap.superuserConnection(); Statement st = c.createStatement()) {
            // a sign-in older than its tenant is refused (a tenant deleted and created again): the suite's is new
            st.executeUpdate("update tenant set created_at = created_at - interval '1 hour' where id = '" + TENANT
                    + "'");
        }
        String opened = FakeKeycloak.issuedAt(Instant.now().minusSeconds(90), "cam", TENANT, "cam@team-a.example",
                "csm");
        given().auth().oauth2(opened).get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("cam@team-a.example", data.single(TENANT, "select email from tenant_user"));

        directory.setEmail(directory.member(TENANT, "cam").orElseThrow(), "cam.okafor@team-a.example", true);
        assertEquals(1, sync.sync(TENANT));
        given().auth().oauth2(opened).get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("cam.okafor@team-a.example", data.single(TENANT, "select email from tenant_user"),
                "the open page's token is older than the sync");
        assertEquals(0, sync.sync(TENANT), "nothing for the next sync to put right");

        // changed again in Keycloak, and the member signed in since: the new token's address is recorded at once
        given().auth().oauth2(FakeKeycloak.accessToken("cam", TENANT, "cam.o@team-a.example", true, "csm"))
                .get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("cam.o@team-a.example", data.single(TENANT, "select email from tenant_user"));
    }

    /** A role changed on the team page reaches the mail at once, not at the next sync (ten minutes later). */
    @Test
    void aRoleChangedOnTheTeamPageIsFollowedAtOnce() throws Exception {
        given().auth().oauth2(FakeKeycloak.accessToken("eve", TENANT, "eve@team-a.example", true, "executive",
                "offline_access")).contentType(ContentType.JSON).body("{\"digest\":\"daily\",\"immediate\":[]}")
                .put("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("eve:executive", users());
        given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "ada@team-a.example", true, "admin"))
                .contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/eve").then()
                .statusCode(200);
        assertEquals("ada:admin eve:csm", users(), "an executive made a CSM no longer gets every account's alerts");
        // her page still open, with a token from before (it lives five minutes): it does not write the old role back
        given().auth().oauth2(FakeKeycloak.accessToken("eve", TENANT, "eve@team-a.example", true, "executive",
                "offline_access")).get("/api/v1/me/notifications").then().statusCode(200);
        assertEquals("ada:admin eve:csm", users(), "the team page's role holds against an older token");
        assertEquals("csm,offline_access", data.single(TENANT, "select array_to_string(roles, ',') from tenant_user"
                + " where username = 'eve'"), "the token's other roles stay");
        assertEquals(0, sync.sync(TENANT), "nothing left for the sync to do");
    }

    private String users() {
        return data.single(TENANT, "select string_agg(username || ':' || array_to_string(array(select r from"
                + " unnest(roles) r where r in ('admin', 'executive', 'csm')), ','), ' ' order by username)"
                + " from tenant_user where switched_off_at is null");
    }
}
