package dev.bellwether.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.Mailbox;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.response.ValidatableResponse;

/**
 * One address is sent at most so many invitation emails an hour by one organisation, whether sent first, again,
 * or again after a withdrawal, held or not; one more is refused with 429 and nothing is sent.
 */
@QuarkusTest
@TestProfile(InvitationPaceTest.ThreeAnHour.class)
class InvitationPaceTest {

    static final String TENANT = FakeTeamDirectory.TENANT;

    /** Three invitation emails an hour, where the rest of the suite allows a thousand. */
    public static class ThreeAnHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellwether.team.invitations-per-hour", "3");
        }
    }

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
        directory.reset();
        mailbox.start();
    }

    @AfterEach
    void forgetTheInvitations() {
        mailbox.stop();
        directory.reset();
        data.single(TENANT, "with gone as (delete from held_invitation returning 1) select count(*) from gone");
    }

    private static ValidatableResponse invite(String email, String role) {
        return InvitationsTest.invite(email, role);
    }

    private long teamAudits() {
        return InvitationsTest.teamAudits(data);
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void aFourthInvitationEmailWithinAnHourIsRefusedAndNothingIsSent() throws Exception {
        invite("pace@freemail.example", "csm").statusCode(201);
        invite("pace@freemail.example", "executive").statusCode(201); // sent again, with another role
        given().delete("/api/v1/team/invitations/pace@freemail.example").then().statusCode(204);
        invite("pace@freemail.example", "csm").statusCode(201); // withdrawing did not start the count over
        assertEquals(3, directory.invitations().size());
        long audits = teamAudits();

        invite("pace@freemail.example", "admin").statusCode(429).body("error", equalTo("too_many_requests"))
                .body("message", equalTo("pace@freemail.example was sent an invitation 3 times in the last hour,"
                        + " which is as many as an hour allows: nothing was sent. Send it again in 60 minutes."));
        // the page's Resend says the same, keeps the form, and changes nothing either
        PageClient.htmx("/admin/team").formParam("email", "pace@freemail.example").formParam("role", "csm")
                .post("/admin/team/invitations").then().statusCode(429)
                .body(containsString("pace@freemail.example was sent an invitation 3 times in the last hour"))
                .body(containsString("value=\"pace@freemail.example\""));
        assertEquals(3, directory.invitations().size());
        assertEquals(audits, teamAudits());
        assertEquals(List.of("csm"), given().get("/api/v1/team/pace@freemail.example").then().statusCode(200)
                .extract().path("roles"));
        // other addresses are not held back
        invite("other-pace@freemail.example", "csm").statusCode(201);

        // an hour later (the first two emails aged out) two more may go, not three
        age("pace@freemail.example", 2, "61 minutes");
        invite("pace@freemail.example", "csm").statusCode(201);
        invite("pace@freemail.example", "csm").statusCode(201);
        invite("pace@freemail.example", "csm").statusCode(429)
                .body("message", containsString("Send it again in 60 minutes."));
        age("pace@freemail.example", 3, "30 minutes");
        invite("pace@freemail.example", "csm").statusCode(429)
                .body("message", containsString("Send it again in 30 minutes."));
        assertEquals(6, directory.invitations().size()); // other-pace@ among them
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "name", value = "Ada Lovelace") })
    void anInvitationHeldForAnotherOrganisationsAddressIsPacedAlike() {
        // answered as any invitation, so held alike: its notices are emails too
        for (int i = 0; i < 3; i++) {
            invite("pace@team-b.example", "csm").statusCode(201);
        }
        assertEquals(3, mailbox.to("pace@team-b.example").size());
        invite("pace@team-b.example", "csm").statusCode(429)
                .body("message", containsString("pace@team-b.example was sent an invitation 3 times"));
        assertEquals(3, mailbox.to("pace@team-b.example").size());
        assertEquals(List.of(), directory.invitations());
    }

    /**
     * Moves the {@code count} oldest invitation events about {@code address} back by {@code by} (as the
     * superuser: the app's role may not rewrite the audit log).
     */
    private static void age(String address, int count, String by) throws Exception {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement update = connection.prepareStatement("update audit_event set at = at - ?::interval"
                        + " where id in (select id from audit_event where tenant_id = ? and kind = 'team'"
                        + " and subject = ? and (summary like 'Invited %' or summary like 'Sent the invitation %')"
                        + " and at > now() - interval '1 hour' order by id limit ?)")) {
            update.setString(1, by);
            update.setString(2, TENANT);
            update.setString(3, address);
            update.setInt(4, count);
            update.executeUpdate();
        }
    }
}
