package dev.bellwether.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.Mailbox;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Invitations sent, sent again and withdrawn, and those held because the address is another organisation's:
 * the inviting admin gets the same answer and the same listing as for any invitation, so nothing tells them
 * that the other organisation exists or who is in it; the person at the address is told why, by email.
 */
@QuarkusTest
class InvitationsTest {

    static final String TENANT = FakeTeamDirectory.TENANT;
    static final String OTHER = FakeTeamDirectory.OTHER;

    @Inject
    FakeTeamDirectory directory;

    @Inject
    TenantData data;

    @Inject
    TestTenants tenants;

    private final Mailbox mailbox = new Mailbox();

    @BeforeEach
    void startOver() {
        tenants.ensure(TENANT);
        tenants.ensure(OTHER);
        directory.reset();
        forgetHeld();
        mailbox.start();
    }

    @AfterEach
    void stopMailAndForgetHeld() {
        mailbox.stop();
        forgetHeld();
    }

    /** The team tests' tenants start and end without held invitations (TeamApiTest lists their teams). */
    private void forgetHeld() {
        for (String tenant : List.of(TENANT, OTHER)) {
            data.single(tenant, "with gone as (delete from held_invitation returning 1) select count(*) from gone");
        }
    }

    /** Invites {@code email} as {@code role} through the API, as the test's admin (the team tests share it). */
    static ValidatableResponse invite(String email, String role) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "role", role))
                .post("/api/v1/team/invitations").then();
    }

    private long teamAudits() {
        return teamAudits(data);
    }

    /** The team tests' tenant's audit events of team changes (the team tests share it). */
    static long teamAudits(TenantData data) {
        return Long.parseLong(data.single(TENANT, "select count(*) from audit_event where kind = 'team'"));
    }

    private String lastAudit() {
        return data.single(TENANT, "select summary from audit_event where kind = 'team' order by id desc limit 1");
    }

    private long held(String tenant) {
        return Long.parseLong(data.single(tenant, "select count(*) from held_invitation"));
    }

    private String text(String to, int index) {
        List<MimeMessage> mails = mailbox.to(to);
        assertTrue(mails.size() > index, "mails to " + to + ": " + mails.size());
        return Mailbox.part(mails.get(index), "text/plain");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "name", value = "Ada Lovelace") })
    void anAddressOfAnotherOrganisationIsAnsweredAndListedAsAnyInvitationAndOnlyThePersonIsToldWhy() {
        long before = teamAudits();
        String organisation = data.single(TENANT, "select display_name from tenant where id = '" + TENANT + "'");
        // a free address, for comparison: the identity provider sends it
        invite("kim@freemail.example", "csm").statusCode(201)
                .header("Location", containsString("/api/v1/team/kim@freemail.example"))
                .body("user", equalTo("kim@freemail.example")).body("email", equalTo("kim@freemail.example"))
                .body("role", equalTo("csm"));
        // gia signs in to the other organisation; spy's domain is the other organisation's own sign-in; taken-zed
        // got a sign-in elsewhere between the app's check and the identity provider's: each answered the same
        for (String address : List.of("gia@team-b.example", "spy@team-b.example", "taken-zed@freemail.example")) {
            invite(address, "csm").statusCode(201).header("Location", containsString("/api/v1/team/" + address))
                    .body("user", equalTo(address)).body("email", equalTo(address)).body("role", equalTo("csm"));
            assertEquals("Invited " + address + " as csm", lastAudit());
        }
        assertEquals(List.of(new FakeTeamDirectory.Invitation(TENANT, "kim@freemail.example", "csm")),
                directory.invitations());
        assertEquals(3, held(TENANT));
        assertEquals(before + 4, teamAudits());
        // listed alike: the same fields and values as the invitation the identity provider took
        List<Map<String, Object>> team = given().get("/api/v1/team").then().statusCode(200).extract().jsonPath()
                .getList("$");
        Map<String, Object> sent = team.stream().filter(m -> m.get("user").equals("kim@freemail.example")).findFirst()
                .orElseThrow();
        for (String address : List.of("gia@team-b.example", "spy@team-b.example", "taken-zed@freemail.example")) {
            Map<String, Object> listed = team.stream().filter(m -> m.get("user").equals(address)).findFirst()
                    .orElseThrow();
            assertEquals(sent.toString().replace("kim@freemail.example", address), listed.toString());
        }
        assertEquals(List.of("ada", "cam", "eve", "gia@team-b.example", "kim@freemail.example", "spy@team-b.example",
                "taken-zed@freemail.example"), team.stream().map(m -> m.get("user")).toList());

        // the people at the addresses are told why, and nobody else gets anything
        assertEquals(3, mailbox.received().size());
        assertEquals("Your invitation to " + organisation + " on Bellwether",
                Mailbox.subject(mailbox.to("gia@team-b.example").get(0)));
        assertEquals("Hello,\n\nAda Lovelace invited gia@team-b.example to join " + organisation + " on Bellwether as"
                + " csm.\n\nThis address already signs in to Bellwether with another organisation, and an address"
                + " belongs to one organisation at a time, so the invitation cannot be used. If you should join "
                + organisation + ", ask Ada Lovelace to invite another address of yours, or leave the other"
                + " organisation and then ask Ada Lovelace to send the invitation again. Being disabled there is"
                + " not leaving: its admin asks Bellwether support to remove your account there.\n\nOnly you"
                + " receive this message: " + organisation + " is not told why you have not joined.",
                text("gia@team-b.example", 0));
        assertTrue(text("spy@team-b.example", 0).contains("Addresses at team-b.example sign in to Bellwether through"
                + " another organisation's own company sign-in"), text("spy@team-b.example", 0));
        assertTrue(text("taken-zed@freemail.example", 0).contains("already signs in to Bellwether with another"));
        // and the page shows them as any invitee: invited, with Resend and Withdraw
        given().get("/admin/team").then().statusCode(200).body(containsString("Members (7)"))
                .body(containsString("aria-label=\"Withdraw the invitation of gia@team-b.example\""))
                .body(containsString("aria-label=\"Resend the invitation of kim@freemail.example\""));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aHeldInvitationIsChangedSentAgainAndBecomesARealOneOnceTheAddressIsFree() {
        directory.add(OTHER, new Member("id-lee", "lee", "Lee Park", "lee@freemail.example", List.of("csm"), true,
                false));
        invite("lee@freemail.example", "csm").statusCode(201);
        assertEquals(1, mailbox.to("lee@freemail.example").size());
        // its role and status change as any invitee's
        given().contentType(ContentType.JSON).body("{\"role\":\"executive\"}")
                .patch("/api/v1/team/lee@freemail.example").then().statusCode(200)
                .body("roles", contains("executive")).body("invited", equalTo(true));
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/lee@freemail.example")
                .then().statusCode(200).body("enabled", equalTo(false));
        assertEquals("Changed lee@freemail.example: disabled", lastAudit());
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").patch("/api/v1/team/lee@freemail.example")
                .then().statusCode(200).body("enabled", equalTo(true));
        // sent again while lee still signs in elsewhere: told again, still held
        invite("lee@freemail.example", "executive").statusCode(201).body("role", equalTo("executive"));
        assertEquals(2, mailbox.to("lee@freemail.example").size());
        assertEquals("Sent the invitation of lee@freemail.example again", lastAudit());
        assertEquals(List.of(), directory.invitations());
        assertEquals("executive", data.single(TENANT, "select role from held_invitation"));
        // lee leaves the other organisation: sent again, it is a real invitation now, with the role asked for
        directory.remove(OTHER, "lee");
        invite("lee@freemail.example", "admin").statusCode(201);
        assertEquals(List.of(new FakeTeamDirectory.Invitation(TENANT, "lee@freemail.example", "admin")),
                directory.invitations());
        assertEquals(0, held(TENANT));
        assertEquals(2, mailbox.to("lee@freemail.example").size());
        assertEquals("Sent the invitation of lee@freemail.example again, as admin", lastAudit());
        given().get("/api/v1/team").then().statusCode(200)
                .body("findAll { it.email == 'lee@freemail.example' }.size()", equalTo(1))
                .body("find { it.email == 'lee@freemail.example' }.roles", contains("admin"))
                .body("find { it.email == 'lee@freemail.example' }.invited", equalTo(true));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void invitationsAreWithdrawnButNotOnceUsedNorAnotherOrganisations() {
        invite("kim@freemail.example", "csm").statusCode(201);
        invite("gia@team-b.example", "admin").statusCode(201);
        long before = teamAudits();
        given().delete("/api/v1/team/invitations/kim@freemail.example").then().statusCode(204);
        given().delete("/api/v1/team/invitations/Gia@team-b.example").then().statusCode(204);
        assertEquals("Withdrew the invitation of gia@team-b.example", lastAudit());
        assertEquals(before + 2, teamAudits());
        assertEquals(0, held(TENANT));
        given().get("/api/v1/team").then().statusCode(200).body("user", contains("ada", "cam", "eve"));
        // an invitation held before, behind one the identity provider got since (the operator's), goes with it
        invite("gia@team-b.example", "csm").statusCode(201);
        directory.addInvitee(TENANT, "gia@team-b.example", "admin", Instant.now());
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.email == 'gia@team-b.example' }.roles", contains("admin"));
        given().delete("/api/v1/team/invitations/gia@team-b.example").then().statusCode(204);
        assertEquals(0, held(TENANT));
        given().get("/api/v1/team").then().statusCode(200).body("user", contains("ada", "cam", "eve"));
        before += 2;
        // gone: a second withdrawal, like another organisation's member or an unknown address, is not found
        for (String address : List.of("kim@freemail.example", "gia@team-b.example", "gus@team-b.example",
                "nobody@freemail.example")) {
            given().delete("/api/v1/team/invitations/" + address).then().statusCode(404);
        }
        given().delete("/api/v1/team/invitations/cam@team-a.example").then().statusCode(409)
                .body("message", equalTo("cam@team-a.example has used the invitation and signs in: disable them"
                        + " instead."));
        assertEquals(before + 2, teamAudits());
        assertEquals(List.of("gia", "gus"), directory.members(OTHER).stream().map(Member::user).toList());
        // on the page: the withdraw button, and a refusal shown on it
        invite("kim@freemail.example", "csm").statusCode(201);
        PageClient.htmx("/admin/team").redirects().follow(false)
                .post("/admin/team/invitations/kim@freemail.example/withdraw").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=withdrawn"));
        PageClient.htmx("/admin/team").post("/admin/team/invitations/cam@team-a.example/withdraw").then()
                .statusCode(409).body(containsString("Nothing changed: cam@team-a.example has used the invitation"));
        given().get("/admin/team?done=withdrawn").then().statusCode(200)
                .body(containsString("Invitation withdrawn")).body(not(containsString("kim@freemail.example")));
        // and Resend on the page posts the invitation again
        invite("kim@freemail.example", "executive").statusCode(201);
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("email", "kim@freemail.example")
                .formParam("role", "executive").post("/admin/team/invitations").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=resent"));
        assertEquals(4, directory.invitations().size());
        assertEquals(new FakeTeamDirectory.Invitation(TENANT, "kim@freemail.example", "executive"),
                directory.invitations().get(3));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aDisabledInviteeIsNotSentTheInvitationAgainHeldOrNot() {
        invite("kim@freemail.example", "csm").statusCode(201);
        invite("gia@team-b.example", "csm").statusCode(201);
        for (String address : List.of("kim@freemail.example", "gia@team-b.example")) {
            given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/" + address)
                    .then().statusCode(200).body("enabled", equalTo(false));
        }
        long before = teamAudits();
        for (String address : List.of("kim@freemail.example", "gia@team-b.example")) {
            invite(address, "admin").statusCode(409).body("message", equalTo(address
                    + " is disabled: enable them before sending the invitation again."));
        }
        assertEquals(before, teamAudits());
        assertEquals(1, directory.invitations().size());
        assertEquals(1, mailbox.to("gia@team-b.example").size());
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == 'kim@freemail.example' }.roles", contains("csm"))
                .body("find { it.user == 'gia@team-b.example' }.roles", contains("csm"));
        // on the page a disabled invitee is offered Enable and Withdraw: withdrawn as they are, since enabling them
        // first would bring their link back to life
        given().get("/admin/team").then().body(containsString("aria-label=\"Enable kim@freemail.example\""))
                .body(containsString("action=\"/admin/team/invitations/kim@freemail.example/withdraw\""));
        PageClient.htmx("/admin/team").redirects().follow(false)
                .post("/admin/team/invitations/kim@freemail.example/withdraw").then().statusCode(303)
                .header("Location", containsString("done=withdrawn"));
        given().get("/api/v1/team").then().body("user", not(hasItem("kim@freemail.example")));
        // a disabled member who signed up has no invitation to withdraw, and is not told to disable them
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/cam").then()
                .statusCode(200);
        given().delete("/api/v1/team/invitations/cam@team-a.example").then().statusCode(409)
                .body("message", equalTo("cam@team-a.example has used the invitation and signs in: they stay"
                        + " disabled; only an invitation not used yet can be withdrawn."));
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").patch("/api/v1/team/cam").then()
                .statusCode(200);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anInvitationThatCannotBeSentAgainKeepsItsRole() {
        invite("unsendable-kim@freemail.example", "csm").statusCode(201);
        long before = teamAudits();
        invite("unsendable-kim@freemail.example", "admin").statusCode(503);
        assertEquals(before, teamAudits());
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == 'unsendable-kim@freemail.example' }.roles", contains("csm"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aHeldInvitationWhosePersonJoinedAnotherWayIsNotListedTwice() {
        // held while cam's address was another organisation's; cam has since joined through the company's sign-in
        data.single(TENANT, "insert into held_invitation (tenant_id, email, role, invited_at) values ('" + TENANT
                + "', 'cam@team-a.example', 'csm', now()) returning email");
        given().get("/api/v1/team").then().statusCode(200).body("user", contains("ada", "cam", "eve"))
                .body("find { it.user == 'cam' }.invited", equalTo(false));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aNoticeThatCannotBeMailedIsAnsweredAsAnInvitationThatCannotBeSentAndHoldsNothing() {
        long before = teamAudits();
        mailbox.stop();
        invite("gia@team-b.example", "csm").statusCode(503)
                .body("message", equalTo("The sign-in service did not answer; nothing was changed. Try again in a"
                        + " minute."));
        assertEquals(0, held(TENANT));
        assertEquals(before, teamAudits());
        given().get("/api/v1/team").then().statusCode(200).body("user", not(hasItem("gia@team-b.example")));
    }

    @Test
    @TestSecurity(user = "gus", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = OTHER) })
    void anotherOrganisationSeesNoneOfTheInvitationsHeldForItsPeople() {
        data.single(TENANT, "insert into held_invitation (tenant_id, email, role, invited_at) values ('" + TENANT
                + "', 'gia@team-b.example', 'csm', now()) returning email");
        given().get("/api/v1/team").then().statusCode(200).body("user", contains("gia", "gus"))
                .body("find { it.user == 'gia' }.invited", equalTo(false));
        given().delete("/api/v1/team/invitations/gia@team-b.example").then().statusCode(409);
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/gia@team-b.example")
                .then().statusCode(404);
        assertEquals(1, held(TENANT));
        assertEquals(0, held(OTHER));
    }

    @Test
    @TestSecurity(user = "kim@corp.example", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anInvitationHeldForAnAdminsLoginNameIsNotThemOnceTheyAreDisabled() {
        // kim came in through the company's sign-in: her login name is an address, her e-mail another; an invitation
        // to her login name was held (Keycloak refused it as a taken user name), and then ada disabled her
        directory.add(TENANT, new Member("id-kim", "kim@corp.example", "Kim Park", "kim@mail.example",
                List.of("admin"), false, false));
        data.single(TENANT, "insert into held_invitation (tenant_id, email, role, enabled, invited_at) values ('"
                + TENANT + "', 'kim@corp.example', 'admin', true, now()) returning email");
        long before = teamAudits();
        given().contentType(ContentType.JSON).body("{\"enabled\":true}").patch("/api/v1/team/kim@corp.example")
                .then().statusCode(403);
        assertEquals(false, directory.member(TENANT, "kim@corp.example").orElseThrow().enabled());
        assertEquals(before, teamAudits());
        given().contentType(ContentType.JSON).body("{\"enabled\":false}").patch("/api/v1/team/ada").then()
                .statusCode(403);
        // enabled again by ada, she acts; the held invitation is still there to withdraw
        directory.remove(TENANT, "kim@corp.example");
        directory.add(TENANT, new Member("id-kim", "kim@corp.example", "Kim Park", "kim@mail.example",
                List.of("admin"), true, false));
        given().delete("/api/v1/team/invitations/kim@corp.example").then().statusCode(204);
        assertEquals(0, held(TENANT));
    }

    /** In a realm whose admin role includes csm, an invitation held as admin is listed as holding both too. */
    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void inARealmWhoseAdminIncludesCsmAHeldInvitationIsListedWithTheRolesOfAnyOther() {
        directory.adminIncludesCsm();
        invite("boss@freemail.example", "admin").statusCode(201).body("role", equalTo("admin"));
        invite("gia@team-b.example", "admin").statusCode(201).body("role", equalTo("admin"));
        assertEquals(1, held(TENANT));
        given().get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == 'gia@team-b.example' }.roles", contains("admin", "csm"))
                .body("find { it.user == 'boss@freemail.example' }.roles", contains("admin", "csm"));
        given().contentType(ContentType.JSON).body("{\"role\":\"admin\"}").patch("/api/v1/team/gia@team-b.example")
                .then().statusCode(200).body("roles", contains("admin", "csm"));
        given().contentType(ContentType.JSON).body("{\"role\":\"csm\"}").patch("/api/v1/team/gia@team-b.example")
                .then().statusCode(200).body("roles", contains("csm"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void invitingAMembersLoginNameIsRefusedAsInvitingTheirAddressIs() {
        // kim came in through the company's sign-in: her login name is an address, her e-mail another
        directory.add(TENANT, new Member("id-kim", "kim@corp.example", "Kim Park", "kim@mail.example",
                List.of("csm"), true, false));
        long before = teamAudits();
        invite("Kim@corp.example", "csm").statusCode(409)
                .body("message", equalTo("kim@corp.example is already a member of your team."));
        // so is one who changed their address (unverified, so listed as invited): nothing goes to the new one
        directory.remove(TENANT, "kim@corp.example");
        directory.add(TENANT, new Member("id-kim", "kim@corp.example", "Kim Park", "kim@new.example",
                List.of("csm"), true, true));
        invite("kim@corp.example", "admin").statusCode(409);
        assertEquals(List.of("csm"), directory.member(TENANT, "kim@corp.example").orElseThrow().roles());
        // the invitations are by address: a login name is none
        given().delete("/api/v1/team/invitations/kim@corp.example").then().statusCode(404);
        assertEquals(before, teamAudits());
        assertEquals(0, held(TENANT));
        assertEquals(List.of(), directory.invitations());
        assertEquals(0, mailbox.to("kim@corp.example").size());
        assertEquals(0, mailbox.to("kim@new.example").size());
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void anotherOrganisationsInvitationThatLapsedUnusedGivesWayAndOneStillLiveHoldsTheAddress() {
        Instant now = Instant.now();
        // the other organisation invited three addresses: four days ago, an hour ago, and four days ago but sent
        // again an hour ago; nobody used their link, which works for three days (the default lifespan)
        directory.addInvitee(OTHER, "old-lapsed@freemail.example", "admin", now.minus(Duration.ofDays(4)));
        directory.addInvitee(OTHER, "new-live@freemail.example", "csm", now.minus(Duration.ofHours(1)));
        directory.addInvitee(OTHER, "resent-live@freemail.example", "csm", now.minus(Duration.ofDays(4)));
        data.single(OTHER, "select bw_invitation_sent('resent-live@freemail.example', interval '3 days') is not null");

        invite("old-lapsed@freemail.example", "csm").statusCode(201);
        assertEquals(List.of(new FakeTeamDirectory.Invitation(TENANT, "old-lapsed@freemail.example", "csm")),
                directory.invitations(), "the identity provider was asked: the lapsed invitation gave way");
        assertEquals(0, held(TENANT));
        assertTrue(directory.members(OTHER).stream().noneMatch(m -> m.user().equals("old-lapsed@freemail.example")));
        assertEquals(TENANT, directory.unusedInvitation("old-lapsed@freemail.example").map(u ->
                directory.members(TENANT).stream().anyMatch(m -> m.id().equals(u.id())) ? TENANT : OTHER).orElse(""));

        for (String live : List.of("new-live@freemail.example", "resent-live@freemail.example")) {
            invite(live, "csm").statusCode(201);
            assertTrue(directory.members(OTHER).stream().anyMatch(m -> m.user().equals(live)), live);
        }
        assertEquals(1, directory.invitations().size());
        assertEquals(2, held(TENANT), "held, as for anyone who belongs to another organisation");
        // the person is told that an open invitation holds the address, not to leave an organisation never joined
        String told = text("new-live@freemail.example", 0);
        assertTrue(told.contains("Another organisation has invited this address to Bellwether too, and an address"
                + " belongs to one organisation at a time, so this invitation cannot be used while that one is open."
                + " If you mean to join the other organisation, use its invitation. If you should join "), told);
        assertTrue(told.contains(", leave that invitation unused: it lapses 3 days after it was sent, and ada"
                + " can then send this invitation again."), told);
        assertFalse(told.contains("leave the other organisation"), told);

        // at a domain the other organisation connected to its own sign-in, a lapsed invitation stays: the address
        // could not be this organisation's anyway
        directory.addInvitee(OTHER, "old@team-b.example", "csm", now.minus(Duration.ofDays(4)));
        invite("old@team-b.example", "csm").statusCode(201);
        assertTrue(directory.members(OTHER).stream().anyMatch(m -> m.user().equals("old@team-b.example")));
        assertEquals(3, held(TENANT));
    }
}
