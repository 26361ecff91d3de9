package dev.bellwether.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.notify.UserDirectory;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestDns;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/**
 * The team API and page with the identity provider in memory ({@link FakeTeamDirectory}): who sees
 * the team, what an invitation needs, the last-admin rule, another tenant's people, and the audit.
 */
@QuarkusTest
class TeamApiTest {

    static final String TENANT = FakeTeamDirectory.TENANT;

    @Inject
    FakeTeamDirectory directory;

    @Inject
    TenantData data;

    @Inject
    UserDirectory users;

    @Inject
    Team team;

    @Inject
    TestTenants tenants;

    /** Only the platform operator creates tenants: this test's two are created first. */
    @BeforeEach
    void startOver() {
        tenants.ensure(TENANT);
        tenants.ensure(FakeTeamDirectory.OTHER);
        directory.reset();
        // the providers' hosts, on the internet (a documentation range stands in)
        for (String host : List.of("login.team-a.example", "login.bigcorp.example", "login.bigcorp2.example",
                "login.bigcorp3.example")) {
            TestDns.remove(host);
            TestDns.address(host, "203.0.113.10");
        }
    }

    private long teamAudits() {
        return InvitationsTest.teamAudits(data);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anAdminListsTheTenantsMembersWithRolesAndStatusAndNobodyElses() {
        given().get("/api/v1/team").then().statusCode(200)
                .body("user", contains("ada", "cam", "eve"))
                .body("[0].name", equalTo("Ada Lovelace"))
                .body("[0].email", equalTo("ada@team-a.example"))
                .body("[0].roles", contains("admin"))
                .body("[0].enabled", equalTo(true))
                .body("[1].roles", contains("csm"))
                .body("[2].roles", contains("executive"))
                .body(not(containsString("gia")));
    }

    /** The organization deleted in Keycloak's console: nobody is a member, and the answer says why (409, not 403). */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aTenantWhoseOrganizationIsGoneIsToldSo() {
        long before = teamAudits();
        directory.dropOrganization(TENANT);
        given().contentType(ContentType.JSON).body("{\"email\":\"kim@team-a.example\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(409)
                .body("message", containsString("Your organisation is missing in the sign-in service"));
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/cam").then()
                .statusCode(409);
        assertEquals(before, teamAudits(), "nothing written");
    }

    /** A realm whose admin role includes csm: an admin holds both, and asking for admin again changes nothing. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void inARealmWhoseAdminIncludesCsmAskingForTheRoleAnAdminHasChangesNothing() {
        directory.adminIncludesCsm();
        directory.setRole(directory.member(TENANT, "ada").orElseThrow(), "admin");
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/cam").then()
                .statusCode(200).body("roles", contains("admin", "csm"));
        assertEquals(before + 1, teamAudits());
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/cam").then()
                .statusCode(200).body("roles", contains("admin", "csm"));
        assertEquals(before + 1, teamAudits(), "asking for what already is is not audited");
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == 'cam' }.roles", contains("admin", "csm"));
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/cam").then()
                .statusCode(200).body("roles", contains("csm"));
        assertEquals("Changed cam: role admin, csm → csm", data.single(TENANT,
                "select summary from audit_event where kind = 'team' order by id desc limit 1"));
        // an admin invitee sent the invitation again as admin: sent again, with no role change
        given().contentType(ContentType.JSON).body("{\"email\":\"boss@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"email\":\"boss@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        assertEquals("Sent the invitation of boss@team-a.example again", data.single(TENANT,
                "select summary from audit_event where kind = 'team' order by id desc limit 1"));
        // an invitation sent again as csm that cannot be sent: the admin role is put back
        given().contentType(ContentType.JSON).body("{\"email\":\"unsendable-x@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        long sent = teamAudits();
        given().contentType(ContentType.JSON).body("{\"email\":\"unsendable-x@team-a.example\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(503);
        assertEquals(List.of("admin", "csm"), directory.member(TENANT, "unsendable-x@team-a.example").orElseThrow()
                .roles());
        assertEquals(sent, teamAudits());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anInvitationIsSentAndAudited() {
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"email\":\" New.Person@Team-A.example \",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(201)
                .header("Location", containsString("/api/v1/team/new.person@team-a.example"))
                .body("email", equalTo("new.person@team-a.example")).body("role", equalTo("csm"));
        assertEquals(List.of(new FakeTeamDirectory.Invitation(TENANT, "new.person@team-a.example", "csm")),
                directory.invitations());
        assertEquals(before + 1, teamAudits());
        assertEquals("Invited new.person@team-a.example as csm", data.single(TENANT,
                "select summary from audit_event where kind = 'team' order by id desc limit 1"));
        // invited again before using it: sent again (a fresh link), with the role asked for now
        given().contentType(ContentType.JSON).body("{\"email\":\"new.person@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/team/new.person@team-a.example"))
                .body("email", equalTo("new.person@team-a.example")).body("role", equalTo("admin"));
        assertEquals(new FakeTeamDirectory.Invitation(TENANT, "new.person@team-a.example", "admin"),
                directory.invitations().get(1));
        assertEquals("Sent the invitation of new.person@team-a.example again, as admin", data.single(TENANT,
                "select summary from audit_event where kind = 'team' order by id desc limit 1"));
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == 'new.person@team-a.example' }.roles", contains("admin"))
                .body("find { it.user == 'new.person@team-a.example' }.invited", equalTo(true))
                .body("find { it.user == 'ada' }.invited", equalTo(false));
        // a member who signs in is a conflict, not a second account
        given().contentType(ContentType.JSON).body("{\"email\":\"Cam@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(409)
                .body("message", equalTo("cam@team-a.example is already a member of your team."));
        given().contentType(ContentType.JSON).body("{\"email\":\"someone@freemail.example\",\"role\":\"executive\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        assertEquals(3, directory.invitations().size());
        assertEquals(before + 3, teamAudits());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void badInvitationsAnswer422NamingTheFieldAndWriteNothing() {
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"email\":\"x@team-a.example\",\"role\":\"owner\"}")
                .post("/api/v1/team/invitations").then().statusCode(422)
                .body("errors.field", contains("role"))
                .body("errors[0].message", equalTo("Choose a role: admin, executive or csm"));
        given().contentType(ContentType.JSON).body("{\"email\":\"not an email\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(422)
                .body("errors.field", contains("email"));
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(422).body("errors.field", contains("email"));
        // Keycloak refuses these characters in a user name, which the address becomes, and its email
        // check dots at either end or twice in a row, and DNS labels over 63 characters
        for (String address : List.of("o'brien@team-a.example", "a!b@team-a.example", "a/b@team-a.example",
                ".kim@team-a.example", "kim.@team-a.example", "a..b@team-a.example")) {
            given().contentType(ContentType.JSON).body("{\"email\":\"" + address + "\",\"role\":\"csm\"}")
                    .post("/api/v1/team/invitations").then().statusCode(422).body("errors.field", contains("email"))
                    .body("errors[0].message", equalTo("Enter an email address such as name@company.com (before the"
                            + " @ only letters a-z, digits, '.', '_', '+' or '-', with no '.' first, last or twice"
                            + " in a row)"));
        }
        // the part at fault is the one named: the domain, or a length (the rule of the part before the @ was given
        // for every address, though that part was fine)
        String domain = "after the @ a domain such as company.com: letters a-z, digits and '-' between dots, no"
                + " accents (use its xn-- form)";
        Map<String, String> faults = Map.of("kim@" + "a".repeat(64) + ".example", domain, "kim@bücher.de", domain,
                "kim@acme_corp.com", domain, "kim@localhost", domain, "k".repeat(65) + "@team-a.example",
                "1 to 64 characters before the @", "kim", "a name, an @, then a domain",
                "kim@" + "a.".repeat(130) + "example", "at most 254 characters");
        faults.forEach((address, fault) -> given().contentType("application/json; charset=UTF-8")
                .body("{\"email\":\"" + address + "\",\"role\":\"csm\"}").post("/api/v1/team/invitations").then()
                .statusCode(422).body("errors[0].message", equalTo("Enter an email address such as name@company.com ("
                        + fault + ")")));

        given().contentType(ContentType.JSON).body("{\"email\":\"a@b\",\"role\":null}")
                .post("/api/v1/team/invitations").then().statusCode(422)
                .body("errors.field", contains("email", "role"));
        assertEquals(List.of(), directory.invitations());
        assertEquals(before, teamAudits());
    }

    /**
     * An admin who has not used their invitation cannot sign in: a mistyped address invited as admin
     * must not let the only admin who can step down, or nobody could administer the tenant.
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anInvitedAdminWhoHasNotSignedInDoesNotCountAsAnotherAdmin() {
        given().contentType(ContentType.JSON).body("{\"email\":\"new-boss@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/ada")
                .then().statusCode(409).body("message", equalTo("Ada Lovelace is the last enabled admin who can sign"
                        + " in: make someone else admin first (an admin who has not used their invitation yet does"
                        + " not count)."));
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada")
                .then().statusCode(409);
        // the invitee, pending, may be demoted or disabled: the tenant keeps ada
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/new-boss@team-a.example")
                .then().statusCode(200).body("roles", contains("csm"));
    }

    /**
     * Keycloak marks an address unverified again when its holder changes it: the only admin, signed in and acting, is
     * then listed as not having used an invitation. They still sign in, so they still count: neither a demotion nor
     * an invitation of their own address as csm leaves the organisation without an admin (both answered 200).
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void theOnlyAdminWhoseAddressIsUnverifiedAgainStillCountsAsTheLastAdmin() {
        directory.remove(TENANT, "ada");
        directory.add(TENANT, new dev.bellwether.team.Member("id-ada", "ada", "Ada Lovelace", "ada@team-a.example",
                List.of("admin"), true, true));
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/ada")
                .then().statusCode(409).body("message", containsString("Ada Lovelace is the last enabled admin"));
        given().contentType(ContentType.JSON).body("{\"email\":\"ada@team-a.example\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(409)
                .body("message", equalTo("ada@team-a.example is already a member of your team."));
        assertEquals(List.of("admin"), directory.members(TENANT).stream().filter(m -> m.user().equals("ada"))
                .findFirst().orElseThrow().roles());
        assertEquals(before, teamAudits(), "nothing changed, nothing logged");
    }

    /** Someone left without a Bellwether role in Keycloak reads "no role": the browser showed the first, admin. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aMemberWithoutARoleIsShownSoAndAnInviteeSoIsNotOfferedAResend() {
        directory.add(TENANT, new dev.bellwether.team.Member("id-nor", "nor", "Nor Role", "nor@team-a.example",
                List.of(), true, false));
        directory.add(TENANT, new dev.bellwether.team.Member("id-nir", "nir@team-a.example", "nir@team-a.example",
                "nir@team-a.example", List.of(), true, true));
        String page = given().get("/admin/team").then().statusCode(200).extract().asString();
        String nor = page.substring(page.indexOf("Role of Nor Role"));
        assertTrue(nor.substring(0, nor.indexOf("</select>")).contains("<option value=\"\" selected disabled>no role"
                + "</option>"), nor);
        assertFalse(nor.substring(0, nor.indexOf("</select>")).contains(" selected>"), "no role offered as chosen");
        assertFalse(page.contains("aria-label=\"Resend the invitation of nir@team-a.example\""), page);
        // one who reads as invited may be a member who changed their address and signs in: they can be switched off
        assertTrue(page.contains("aria-label=\"Disable nir@team-a.example\""), page);
        // asked first: the button is in a fold of its own, which says what disabling does
        assertTrue(page.matches("(?s).*<summary>Disable…<span class=\"visually-hidden\"> nir@team-a\\.example</span>"
                + "</summary>\\s*<form method=\"post\" action=\"/admin/team/nir@team-a\\.example/enabled\">"
                + ".*nir@team-a\\.example is signed out and cannot sign in until enabled again\\..*"), page);
        // the redirect URI to register at the company's provider, whole
        assertTrue(page.matches("(?s).*data-testid=\"sso-redirect-uri\">http://localhost:\\d+/realms/bellwether/broker/"
                + "sso-" + TENANT + "/endpoint</code>.*"), page);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void theLastEnabledAdminCanBeNeitherDemotedNorDisabled() {
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/ada")
                .then().statusCode(409).body("message", containsString("last enabled admin"));
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada")
                .then().statusCode(409);
        assertEquals(before, teamAudits());

        // with a second admin
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/cam")
                .then().statusCode(200).body("roles", contains("admin")).body("enabled", equalTo(true));
        // but not switch herself off: one click would lock her out with nobody asked
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada")
                .then().statusCode(409).body("message",
                        equalTo("You cannot switch yourself off: ask another admin of your organisation."));
        given().get("/admin/team").then().statusCode(200)
                .body(containsString("Another admin can switch you off"))
                .body(not(containsString("aria-label=\"Disable Ada Lovelace\"")))
                .body(containsString("aria-label=\"Disable "));
        // nor take away her own admin role, for the same reason: only another admin could give it back
        given().contentType(ContentType.JSON).body("{\"role\":\"executive\"}").patch("/api/v1/team/ada")
                .then().statusCode(409).body("message",
                        equalTo("You cannot take away your own admin role: ask another admin of your organisation."));
        given().get("/admin/team").then().statusCode(200)
                .body(containsString("admin <span class=\"muted small\">Another admin can change your role</span>"))
                .body(not(containsString("aria-label=\"Change role of Ada Lovelace\"")))
                .body(containsString("aria-label=\"Change role of Cam"));
        assertEquals(before + 1, teamAudits());
        // cam makes ada an executive; ada, no longer an admin, changes nothing more though her token still says admin
        directory.setRole(directory.members(TENANT).stream().filter(m -> m.user().equals("ada")).findFirst()
                .orElseThrow(), "executive");
        given().contentType(ContentType.JSON).body("{\"enabled\":false,\"role\":\"admin\"}")
                .patch("/api/v1/team/cam").then().statusCode(403);
        assertEquals(before + 1, teamAudits());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aMemberIsDisabledAndEnabledAgain() {
        data.single(TENANT, "insert into tenant_user (tenant_id, username, email, name, roles) values ('" + TENANT
                + "', 'eve', 'eve@team-a.example', 'Eve Moreau', '{executive}') on conflict do nothing returning 1");
        data.single(TENANT, "insert into notification_setting (tenant_id, username, digest) values ('" + TENANT
                + "', 'eve', 'weekly') on conflict (tenant_id, username) do update set digest = 'weekly' returning 1");
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/eve")
                .then().statusCode(200).body("enabled", equalTo(false)).body("roles", contains("executive"));
        assertEquals("true", data.single(TENANT, "select (switched_off_at is not null)::text from tenant_user"
                + " where username = 'eve'"), "a disabled member is no longer a recipient of digests and alert emails");
        assertEquals("weekly", data.single(TENANT, "select digest from notification_setting where username = 'eve'"),
                "their settings wait for them (they used to go with them: enabled again, every notification was off)");
        given().get("/api/v1/team").then().body("find { it.user == 'eve' }.enabled", equalTo(false));
        assertEquals("Changed eve: disabled", data.single(TENANT,
                "select summary from audit_event where kind = 'team' order by id desc limit 1"));
        // a request with her token, alive for five minutes more, records her again: she stays switched off
        users.seen(TENANT, new UserDirectory.KnownUser("eve", "eve@team-a.example", "Eve Moreau",
                List.of("executive")));
        assertEquals("true", data.single(TENANT, "select (switched_off_at is not null)::text from tenant_user"
                + " where username = 'eve'"));
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").patch("/api/v1/team/eve")
                .then().statusCode(200).body("enabled", equalTo(true));
        assertEquals("false", data.single(TENANT, "select (switched_off_at is not null)::text from tenant_user"
                + " where username = 'eve'"), "enabled again, she is sent what her settings say");
        // asking for what already is changes and audits nothing
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"enabled\":true,\"role\":\"executive\"}")
                .patch("/api/v1/team/eve").then().statusCode(200);
        assertEquals(before, teamAudits());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anotherTenantsMemberIsNotFoundAndBadChangesAre422() {
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/gia")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/nobody")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"role\":\"root\"}").patch("/api/v1/team/cam")
                .then().statusCode(422).body("errors.field", contains("role"));
        given().contentType(ContentType.JSON).body("{\"enabled\":\"no\"}").patch("/api/v1/team/cam")
                .then().statusCode(422).body("errors.field", contains("enabled"));
        given().contentType(ContentType.JSON).body("{}").patch("/api/v1/team/cam").then().statusCode(422);
        // every problem at once (it named the first: the unknown field, then enabled, then the role)
        given().contentType(ContentType.JSON).body("{\"role\":\"boss\",\"enabled\":\"yes\",\"x\":1}")
                .patch("/api/v1/team/cam").then().statusCode(422)
                .body("errors.field", contains("x", "enabled", "role"));
        given().contentType(ContentType.JSON).body("{\"email\":\"bad\",\"role\":\"x\",\"extra\":1}")
                .post("/api/v1/team/invitations").then().statusCode(422)
                .body("errors.field", contains("extra", "email", "role"));
        assertEquals(true, directory.member(FakeTeamDirectory.OTHER, "gia").orElseThrow().enabled());
    }

    /** A misspelt field is refused with nothing changed: dropping it would change the role and leave them enabled. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aFieldTheCallDoesNotTakeIsRefusedAndNothingChanges() {
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"role\":\"executive\",\"enabeld\":false}")
                .patch("/api/v1/team/cam").then().statusCode(422).body("errors.field", contains("enabeld"))
                .body("errors[0].message", equalTo("enabeld is not a field here (expected enabled, role)"));
        Member cam = directory.member(TENANT, "cam").orElseThrow();
        assertEquals(List.of("csm"), cam.roles());
        assertEquals(true, cam.enabled());
        given().contentType(ContentType.JSON).body("{\"email\":\"kim@team-a.example\",\"role\":\"csm\",\"rol\":1}")
                .post("/api/v1/team/invitations").then().statusCode(422).body("errors.field", contains("rol"));
        assertEquals(List.of(), directory.invitations());
        given().contentType(ContentType.JSON).body("{\"issuer\":\"https://login.team-a.example/realms/a\","
                + "\"clientId\":\"bw\",\"clientSecret\":\"s\",\"domain\":\"team-a.example\",\"secret\":\"s\"}")
                .put("/api/v1/team/sso").then().statusCode(422).body("errors.field", hasItem("secret"));
        // a misspelt field is named with every other problem, not alone
        given().contentType(ContentType.JSON).body("{\"issuer\":\"https://login.team-a.example/realms/a\","
                + "\"domian\":\"team-a.example\"}").put("/api/v1/team/sso").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.hasItems("domian", "clientId", "clientSecret", "domain"));
        given().get("/api/v1/team/sso").then().statusCode(404);
        assertEquals(before, teamAudits(), "nothing written");
    }

    /** One member by login name, whatever its case, where an invitation's Location points; nobody else's. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void oneMemberIsReadByLoginNameAndAnInvitationsLocationLeadsToThem() {
        given().get("/api/v1/team/CAM").then().statusCode(200).body("user", equalTo("cam"))
                .body("roles", contains("csm")).body("invited", equalTo(false));
        given().get("/api/v1/team/gia").then().statusCode(404);
        given().get("/api/v1/team/nobody").then().statusCode(404);
        String location = given().contentType(ContentType.JSON)
                .body("{\"email\":\"kim@team-a.example\",\"role\":\"executive\"}").post("/api/v1/team/invitations")
                .then().statusCode(201).extract().header("Location");
        given().get(java.net.URI.create(location).getPath()).then().statusCode(200)
                .body("user", equalTo("kim@team-a.example")).body("roles", contains("executive"))
                .body("invited", equalTo(true));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anAdminConnectsTheCompanysSignInWithAnHttpsIssuerAndADomainTheyProveIsTheirs() {
        given().get("/api/v1/team/sso").then().statusCode(404);
        String ssoAudits = data.single(TENANT, "select count(*) from audit_event where kind = 'sso'");
        // another company's domain: without its DNS record, nothing says whose it is
        given().contentType(ContentType.JSON)
                .body("{\"issuer\":\"http://login.team-a.example/realms/a\",\"clientId\":\" \","
                        + "\"clientSecret\":\"\",\"domain\":\"team-b.example\"}")
                .put("/api/v1/team/sso").then().statusCode(422)
                .body("errors.field", contains("issuer", "clientId", "clientSecret", "domain"))
                .body("errors[3].message", startsWith("Prove that team-b.example is yours: at its DNS provider add a"
                        + " TXT record named _bellwether.team-b.example with the value "
                        + "bellwether-domain-verification="))
                .body("errors[3].message", not(containsString("another")));
        given().contentType(ContentType.JSON)
                .body("{\"issuer\":\"https://login.team-a.example/realms/a\",\"clientId\":\"bw\","
                        + "\"clientSecret\":\"s3cret\",\"domain\":\"not a domain\"}")
                .put("/api/v1/team/sso").then().statusCode(422).body("errors.field", contains("domain"));
        // a label over 63 characters is no DNS name (the lookup threw: a 500)
        given().contentType(ContentType.JSON)
                .body("{\"issuer\":\"https://login.team-a.example/realms/a\",\"clientId\":\"bw\","
                        + "\"clientSecret\":\"s3cret\",\"domain\":\"" + "a".repeat(64) + ".example\"}")
                .put("/api/v1/team/sso").then().statusCode(422).body("errors.field", contains("domain"));
        String connect = "{\"issuer\":\"https://login.team-a.example/realms/a\",\"clientId\":\"bw\","
                + "\"clientSecret\":\"s3cret\",\"domain\":\"Sso.Team-A.example\"}";
        given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(422)
                .body("errors.field", contains("domain")).body("errors[0].message",
                        containsString("TXT record named _bellwether.sso.team-a.example with the value "));
        given().get("/api/v1/team/sso").then().statusCode(404);
        assertEquals(ssoAudits, data.single(TENANT, "select count(*) from audit_event where kind = 'sso'"));

        // the record to add, the same each time it is asked for, and this tenant's own
        DomainProof.Record record = given().queryParam("domain", " SSO.team-a.example")
                .get("/api/v1/team/sso/domain-proof")
                .then().statusCode(200).body("name", equalTo("_bellwether.sso.team-a.example"))
                .body("type", equalTo("TXT"))
                .body("value", matchesPattern("bellwether-domain-verification=[0-9a-f]{32}"))
                .extract().as(DomainProof.Record.class);
        given().queryParam("domain", "sso.team-a.example").get("/api/v1/team/sso/domain-proof").then()
                .body("value", equalTo(record.value()));
        given().queryParam("domain", "nope").get("/api/v1/team/sso/domain-proof").then().statusCode(422)
                .body("errors[0].field", equalTo("domain"));
        // another value at the name proves nothing; DNS that does not answer changes nothing (503)
        TestDns.txt(record.name(), "v=spf1 -all");
        given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(422);
        TestDns.silent(true);
        try {
            given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(503)
                    .body(containsString("DNS did not answer"));
            // on the page, no field is at fault: the secret, never sent back, is asked for again all the same
            String page = PageClient.htmx("/admin/team").formParam("issuer", "https://login.team-a.example/realms/a")
                    .formParam("clientId", "bw").formParam("clientSecret", "s3cret")
                    .formParam("domain", "sso.team-a.example").post("/admin/team/sso").then().statusCode(503)
                    .extract().asString();
            assertTrue(page.contains("data-testid=\"sso-secret-again\">To try again, enter the client secret again"),
                    page);
            assertTrue(!page.contains("s3cret"), page);
        } finally {
            TestDns.silent(false);
        }
        given().get("/api/v1/team/sso").then().statusCode(404);

        TestDns.txt(record.name(), record.value());
        try {
            given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(200)
                    .body("issuer", equalTo("https://login.team-a.example/realms/a"))
                    .body("domain", equalTo("sso.team-a.example")).body(not(containsString("s3cret")));
        } finally {
            TestDns.remove(record.name());
        }
        given().get("/api/v1/team/sso").then().statusCode(200).body("clientId", equalTo("bw"));
        assertEquals("Connected sign-in for sso.team-a.example to https://login.team-a.example/realms/a",
                data.single(TENANT, "select summary from audit_event where kind = 'sso' order by id desc limit 1"));
        given().get("/admin/team").then().statusCode(200).body(containsString("data-testid=\"sso-connected\""))
                .body(containsString("sso.team-a.example")).body(not(containsString("s3cret")));
        String changes = "select coalesce(string_agg(c->>'field' || ': ' || coalesce(c->>'before', '-') || ' > '"
                + " || (c->>'after'), '; '), '') from audit_event, jsonb_array_elements(changes) c"
                + " where id = (select max(id) from audit_event where kind = 'sso')";
        assertEquals("issuer: - > https://login.team-a.example/realms/a; clientId: - > bw;"
                + " domain: - > sso.team-a.example",
                data.single(TENANT, changes));
        // connecting again (a new secret) needs no new record: the domain is already this tenant's
        given().contentType(ContentType.JSON).body(connect.replace("s3cret", "n3w")).put("/api/v1/team/sso")
                .then().statusCode(200);
        assertEquals("", data.single(TENANT, changes), "nothing the entry shows changed");
        given().contentType(ContentType.JSON).body(connect.replace("\"bw\"", "\"bw2\"")).put("/api/v1/team/sso")
                .then().statusCode(200);
        assertEquals("clientId: bw > bw2", data.single(TENANT, changes));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aDomainAnotherTenantConnectedIsNamedOnlyToWhoeverProvesItIsTheirs() throws java.sql.SQLException {
        String connect = "{\"issuer\":\"https://login.team-a.example/realms/a\",\"clientId\":\"bw\","
                + "\"clientSecret\":\"s3cret\",\"domain\":\"team-b.example\"}";
        DomainProof.Record record = given().queryParam("domain", "team-b.example")
                .get("/api/v1/team/sso/domain-proof").then().statusCode(200).extract().as(DomainProof.Record.class);
        TestDns.txt(record.name(), record.value());
        try {
            given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(422)
                    .body("errors[0].field", equalTo("domain")).body("errors[0].message", equalTo(
                            "team-b.example is connected to another Bellwether organisation; if that one is yours"
                            + " too, ask us to move it"));
        } finally {
            TestDns.remove(record.name());
        }
        // the record another tenant was given proves nothing for this one
        DomainProof.Record theirs = QuarkusTransaction.requiringNew().call(() -> TenantContext.call(
                FakeTeamDirectory.OTHER, () -> team.domainProof(FakeTeamDirectory.OTHER, "team-c.example")));
        String ours = given().queryParam("domain", "team-c.example").get("/api/v1/team/sso/domain-proof").then()
                .statusCode(200).extract().path("value");
        assertNotEquals(ours, theirs.value());
        // nor does a record left by a deleted tenant whose id was given again (the same id, created later)
        try (java.sql.Connection connection = DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("update tenant set created_at = created_at + interval '1 second' where id = '"
                    + TENANT + "'");
        }
        assertNotEquals(ours, given().queryParam("domain", "team-c.example").get("/api/v1/team/sso/domain-proof")
                .then().statusCode(200).extract().path("value"));
        TestDns.txt(theirs.name(), theirs.value());
        try {
            given().contentType(ContentType.JSON).body(connect.replace("team-b", "team-c")).put("/api/v1/team/sso")
                    .then().statusCode(422).body("errors[0].message", startsWith("Prove that team-c.example is yours"));
        } finally {
            TestDns.remove(theirs.name());
        }
        assertEquals(Optional.empty(), directory.sso(TENANT));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aDomainWhosePeopleSignInToAnotherOrganisationCannotBeConnected() {
        // kim@bigcorp.example was invited by the other tenant before bigcorp proved its domain here
        directory.invite(FakeTeamDirectory.OTHER, "kim@bigcorp.example", "admin");
        String record = given().queryParam("domain", "bigcorp.example").get("/api/v1/team/sso/domain-proof")
                .then().statusCode(200).extract().path("value");
        TestDns.txt("_bellwether.bigcorp.example", record);
        try {
            String connect = "{\"issuer\":\"https://login.bigcorp.example\",\"clientId\":\"bw\","
                    + "\"clientSecret\":\"s3cret\",\"domain\":\"bigcorp.example\"}";
            given().contentType(ContentType.JSON).body(connect).put("/api/v1/team/sso").then().statusCode(422)
                    .body("errors[0].message", equalTo("1 person at bigcorp.example signs in to or is invited by"
                            + " another Bellwether organisation; until they leave it (or an unused invitation"
                            + " lapses), bigcorp.example cannot be connected to yours (ask us)"));
            assertEquals(Optional.empty(), directory.sso(TENANT));
            // their own people at the domain are no obstacle
            directory.invite(TENANT, "lee@bigcorp2.example", "csm");
            TestDns.txt("_bellwether.bigcorp2.example", given().queryParam("domain", "bigcorp2.example")
                    .get("/api/v1/team/sso/domain-proof").then().extract().path("value"));
            given().contentType(ContentType.JSON).body(connect.replace("bigcorp.example", "bigcorp2.example"))
                    .put("/api/v1/team/sso").then().statusCode(200);
        } finally {
            TestDns.remove("_bellwether.bigcorp.example");
            TestDns.remove("_bellwether.bigcorp2.example");
        }
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anInvitationAtTheDomainThatLapsedUnusedElsewhereIsNoObstacleAndGoesWhenTheDomainIsConnected() {
        directory.addInvitee(FakeTeamDirectory.OTHER, "old@bigcorp3.example", "csm",
                java.time.Instant.now().minus(java.time.Duration.ofDays(4)));
        TestDns.txt("_bellwether.bigcorp3.example", given().queryParam("domain", "bigcorp3.example")
                .get("/api/v1/team/sso/domain-proof").then().statusCode(200).extract().path("value"));
        try {
            given().contentType(ContentType.JSON).body("{\"issuer\":\"https://login.bigcorp3.example\","
                    + "\"clientId\":\"bw\",\"clientSecret\":\"s3cret\",\"domain\":\"bigcorp3.example\"}")
                    .put("/api/v1/team/sso").then().statusCode(200);
            assertEquals("bigcorp3.example", directory.sso(TENANT).orElseThrow().domain());
            assertEquals(Optional.empty(), directory.unusedInvitation("old@bigcorp3.example"));
        } finally {
            TestDns.remove("_bellwether.bigcorp3.example");
        }
    }

    /** The lapsed invitation gives way before the provider is connected: when it cannot, nothing is connected. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aLapsedInvitationThatCannotBeWithdrawnLeavesTheDomainUnconnected() {
        directory.addInvitee(FakeTeamDirectory.OTHER, "unremovable-old@bigcorp3.example", "csm",
                java.time.Instant.now().minus(java.time.Duration.ofDays(4)));
        TestDns.txt("_bellwether.bigcorp3.example", given().queryParam("domain", "bigcorp3.example")
                .get("/api/v1/team/sso/domain-proof").then().statusCode(200).extract().path("value"));
        String audited = data.single(TENANT, "select count(*) from audit_event where kind = 'sso'");
        try {
            given().contentType(ContentType.JSON).body("{\"issuer\":\"https://login.bigcorp3.example\","
                    + "\"clientId\":\"bw\",\"clientSecret\":\"s3cret\",\"domain\":\"bigcorp3.example\"}")
                    .put("/api/v1/team/sso").then().statusCode(503)
                    .body("message", containsString("nothing was changed"));
            // connected before, a retry found the domain its own and never withdrew the invitation
            assertEquals(Optional.empty(), directory.sso(TENANT));
            assertEquals(audited, data.single(TENANT, "select count(*) from audit_event where kind = 'sso'"));
        } finally {
            TestDns.remove("_bellwether.bigcorp3.example");
        }
    }

    /**
     * Keycloak fetches the issuer's documents from inside our network: an issuer there (a private or
     * link-local address, by name or written out) would let a tenant's admin probe it through us.
     */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anIssuerOnAPrivateNetworkIsRefused() {
        TestDns.address("idp.corp.example", "203.0.113.20");
        TestDns.address("idp.corp.example", "10.1.2.3");
        TestDns.address("v6.corp.example", "fd00::5");
        try {
            Map<String, String> refused = Map.of(
                    "https://idp.corp.example/realms/a", "The issuer's host idp.corp.example is on a private network"
                            + " (10.1.2.3): connect a provider reachable on the internet",
                    "https://v6.corp.example", "The issuer's host v6.corp.example is on a private network"
                            + " (fd00:0:0:0:0:0:0:5): connect a provider reachable on the internet",
                    "https://169.254.169.254/latest/meta-data", "The issuer's host 169.254.169.254 is on a private"
                            + " network (169.254.169.254): connect a provider reachable on the internet",
                    "https://[::ffff:127.0.0.1]:8443", "The issuer's host [::ffff:127.0.0.1] is on a private network"
                            + " (127.0.0.1): connect a provider reachable on the internet",
                    "https://nowhere.corp.example", "The issuer's host nowhere.corp.example is not known to DNS",
                    "https://bw:pw@login.team-a.example", IssuerAddress.NOT_HTTPS);
            refused.forEach((issuer, message) -> given().contentType(ContentType.JSON)
                    .body("{\"issuer\":\"" + issuer + "\",\"clientId\":\"bw\",\"clientSecret\":\"s3cret\","
                            + "\"domain\":\"team-a.example\"}")
                    .put("/api/v1/team/sso").then().statusCode(422).body("errors[0].field", equalTo("issuer"))
                    .body("errors[0].message", equalTo(message)));
            assertEquals(Optional.empty(), directory.sso(TENANT));
        } finally {
            TestDns.remove("idp.corp.example");
            TestDns.remove("v6.corp.example");
        }
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anExecutiveIsForbidden() {
        // a call, not a page: the words say so
        given().get("/api/v1/team").then().statusCode(403)
                .body("message", org.hamcrest.Matchers.equalTo("Your role does not allow this call."));
        given().contentType(ContentType.JSON).body("{\"email\":\"x@y.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/eve")
                .then().statusCode(403);
        given().get("/admin/team").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"issuer\":\"https://x.example\",\"clientId\":\"a\","
                + "\"clientSecret\":\"b\",\"domain\":\"x.example\"}").put("/api/v1/team/sso").then().statusCode(403);
        assertEquals(List.of(), directory.invitations());
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aCsmIsForbidden() {
        given().get("/api/v1/team").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/cam")
                .then().statusCode(403);
        PageClient.htmx("/settings/notifications").formParam("role", "admin").post("/admin/team/cam/role")
                .then().statusCode(403);
        assertEquals(List.of("csm"), directory.member(TENANT, "cam").orElseThrow().roles());
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anExecutiveReadsNoTeamAndChangesNothing() {
        long audits = teamAudits();
        given().get("/api/v1/team").then().statusCode(403);
        given().get("/api/v1/team/sso").then().statusCode(403);
        given().get("/admin/team").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"email\":\"new@team-a.example\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(403);
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada")
                .then().statusCode(403);
        assertEquals(true, directory.member(TENANT, "ada").orElseThrow().enabled());
        assertEquals(audits, teamAudits(), "nothing audited, nothing changed");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void theTeamPageListsInvitesAndChanges() {
        given().get("/admin/team").then().statusCode(200).body(containsString("<h1>Team</h1>"))
                .body(containsString("the link works for 3 days.")) // BW_INVITE_LIFESPAN's 72h
                .body(containsString("Cam Okafor")).body(containsString("eve@team-a.example"))
                .body(containsString("Members (3)")).body(not(containsString("Gia")));
        given().get("/admin").then().statusCode(200).body(containsString("href=\"/admin/team\""));
        PageClient.htmx("/admin/team").formParam("email", "nope").formParam("role", "csm")
                .post("/admin/team/invitations").then().statusCode(422)
                .body(containsString("Nobody was invited")).body(containsString("Enter an email address"))
                // the field at fault takes the focus: the form is far from where a screen reader starts
                .body(containsString("placeholder=\"name@company.com\" autofocus aria-invalid=\"true\""))
                .body(containsString("<p id=\"team-error\" class=\"form-error\" role=\"alert\" tabindex=\"-1\">"
                        + "Nobody was invited"));
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("email", "kim@team-a.example")
                .formParam("role", "executive").post("/admin/team/invitations").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=invited"));
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("role", "executive")
                .post("/admin/team/cam/role").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=role"));
        // the role they have already: nothing changed, and the page says so rather than "Role changed"
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("role", "executive")
                .post("/admin/team/cam/role").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=unchanged"));
        given().get("/admin/team?done=unchanged").then().body(containsString("Nothing changed: the member already"
                + " had that role or state."));
        // a refused sign-in connection says where, focuses its first field at fault, and asks for the secret again
        String sso = PageClient.htmx("/admin/team").formParam("clientId", "bw").post("/admin/team/sso").then()
                .statusCode(422).extract().asString();
        assertTrue(sso.contains("Nothing was connected: the form under Your company&#39;s sign-in needs a fix."), sso);
        assertTrue(sso.contains("data-testid=\"sso-problems\">Fix the fields marked below, and enter the client"
                + " secret again"), sso);
        assertTrue(sso.contains("aria-describedby=\"sso-issuer-error\" autofocus>"), sso);
        assertTrue(!sso.contains("sso-secret-again"), "said once, with the fields to fix");
        assertEquals(1, sso.split("autofocus").length - 1, "one field focused");
        // "no role" chosen (a member without one) sends no role: said in the page's words
        String noRole = PageClient.htmx("/admin/team").post("/admin/team/cam/role").then().statusCode(422)
                .body(containsString("Nothing changed: choose a role (admin, executive or csm) in the row of cam,"
                        + " then press Change.")).extract().asString();
        // tied to the row's role, which takes the focus
        java.util.regex.Matcher tied = java.util.regex.Pattern.compile("for=\"(role-\\d+)\">Role of Cam Okafor</label>"
                + "\\s*<select id=\"\\1\" name=\"role\" aria-invalid=\"true\" aria-describedby=\"team-error\""
                + " autofocus>").matcher(noRole);
        assertTrue(tied.find(), noRole);
        assertEquals(1, noRole.split("autofocus").length - 1, "one field focused");
        // a form without its hidden field, or with anything but true or false, switches nobody off
        PageClient.htmx("/admin/team").post("/admin/team/cam/enabled").then().statusCode(422)
                .body(containsString("Nothing changed: enabled is true or false"));
        PageClient.htmx("/admin/team").formParam("enabled", "on").post("/admin/team/cam/enabled").then()
                .statusCode(422);
        assertEquals(true, directory.member(TENANT, "cam").orElseThrow().enabled());
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("enabled", "false")
                .post("/admin/team/cam/enabled").then().statusCode(303);
        PageClient.htmx("/admin/team").formParam("enabled", "false").post("/admin/team/ada/enabled")
                .then().statusCode(409).body(containsString("last enabled admin"));
        // another organisation's member, or one gone since the page was loaded: the page as it is now, and why
        PageClient.htmx("/admin/team").formParam("enabled", "false").post("/admin/team/gia/enabled")
                .then().statusCode(404).body(containsString("Nothing changed: nobody by that name or address is in"
                        + " your organisation now")).body(containsString("<h1>Team</h1>"))
                .body(not(containsString("gia")));
        Member cam = directory.member(TENANT, "cam").orElseThrow();
        assertEquals(List.of("executive"), cam.roles());
        assertEquals(false, cam.enabled());
        given().get("/admin/team?done=invited").then().statusCode(200).body(containsString("Invitation sent"))
                .body(containsString("kim@team-a.example")).body(containsString("Members (4)"));
    }

    /**
     * An admin whose address reads unverified again (changed in their account console) is "invited" to the directory,
     * yet signs in: their own row offers neither Resend nor Withdraw, which would only be refused.
     */
    @Test
    @TestSecurity(user = "zoe", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void yourOwnRowOffersNoInvitationActions() {
        directory.add(TENANT, new Member("id-zoe", "zoe", "Zoe Adams", "zoe@team-a.example", List.of("admin"), true,
                true));
        String page = given().get("/admin/team").then().statusCode(200).extract().asString();
        assertFalse(page.contains("aria-label=\"Resend the invitation of zoe@team-a.example\""), page);
        assertFalse(page.contains("aria-label=\"Withdraw the invitation of zoe@team-a.example\""), page);
        assertTrue(page.contains("Another admin can switch you off"), page);
    }

    @Test
    @TestSecurity(user = "bea", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anAdminDisabledOrDemotedSinceTheirTokenWasIssuedChangesNothing() {
        // bea's token still says admin (it lives five minutes), but ada has just disabled her
        directory.add(TENANT, new Member("id-bea", "bea", "Bea Admin", "bea@team-a.example", List.of("admin"), false,
                false));
        long audits = teamAudits();
        String refused = "You are no longer an enabled admin of this organisation; nothing was changed.";
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").patch("/api/v1/team/bea").then()
                .statusCode(403).body("message", equalTo(refused));
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body("{\"email\":\"bea.other@team-a.example\",\"role\":\"admin\"}")
                .post("/api/v1/team/invitations").then().statusCode(403);
        PageClient.htmx("/admin/team").formParam("enabled", "false").post("/admin/team/ada/enabled").then()
                .statusCode(403).body(containsString(refused)).body(not(containsString("Cam Okafor")));
        assertEquals(false, directory.member(TENANT, "bea").orElseThrow().enabled());
        assertEquals(true, directory.member(TENANT, "ada").orElseThrow().enabled());
        // demoted instead: enabled, but a csm now
        directory.remove(TENANT, "bea");
        directory.add(TENANT, new Member("id-bea", "bea", "Bea Admin", "bea@team-a.example", List.of("csm"), true,
                false));
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/bea").then()
                .statusCode(403);
        assertEquals(List.of(), directory.invitations());
        assertEquals(audits, teamAudits(), "nothing audited, nothing changed");
        // an admin again, she acts; a member is found whatever the case of the address in the path
        directory.remove(TENANT, "bea");
        directory.add(TENANT, new Member("id-bea", "bea", "Bea Admin", "bea@team-a.example", List.of("admin"), true,
                false));
        given().contentType(ContentType.JSON).body("{\"role\":\"executive\"}").patch("/api/v1/team/CAM").then()
                .statusCode(200).body("roles", contains("executive"));
        assertEquals(audits + 1, teamAudits());
    }
}
