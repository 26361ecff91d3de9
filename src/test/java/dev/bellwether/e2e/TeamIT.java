package dev.bellwether.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;

import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.RealKeycloak;
import dev.bellwether.testing.TestDns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;

/**
 * The team through the real Keycloak: an admin invites a colleague on /admin/team, Keycloak emails
 * the invitation to a real SMTP server, the invitee follows the link in a fresh browser, sets a
 * password and lands on the CSM page of the admin's tenant; a role change reaches their next token;
 * an invitation is sent again and withdrawn at Keycloak; one for another organisation's address is
 * answered as any other and only the person is told why; the last admin cannot step down; another
 * tenant's member is not found.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = DigestMailServer.class, restrictToAnnotatedClass = true)
class TeamIT extends BrowserTest {

    private static final Pattern LINK =
            Pattern.compile("(http://[^\\s\"<>]+/login-actions/action-token\\?[^\\s\"<>]+)");

    /** Cam holds an open task for a while: the hand-over form fits the phone, and moves it to Ada. */
    private void handOverAtPhoneWidth(Locator members) throws Exception {
        try (java.sql.Connection connection = DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("insert into account (tenant_id, account_id, name, customer_since) values ('acme',"
                    + " 'ACC-TEAMIT', 'Team IT', date '2025-01-01')");
            statement.execute("insert into task (tenant_id, id, account_id, title, due_date, assignee_email, status,"
                    + " created_by) values ('acme', gen_random_uuid(), 'ACC-TEAMIT', 'Call the sponsor',"
                    + " current_date - 2, 'cam@acme.example', 'open', 'test')");
            try {
                page.reload();
                Locator cam = members.locator("tr", new Locator.LocatorOptions().setHasText("Cam Okafor"));
                assertThat(cam).containsText("(1 overdue)");
                assertEquals(members.evaluate("t => t.parentElement.clientWidth"),
                        members.evaluate("t => t.parentElement.scrollWidth"), "the members list scrolls sideways");
                // asked first: the fold opens on the choice, nobody chosen beforehand
                cam.getByText("Hand over…").click();
                Locator taker = cam.getByLabel("Hand the open tasks of Cam Okafor to",
                        new Locator.GetByLabelOptions().setExact(true));
                assertEquals("", taker.inputValue());
                // the button counts what moves (Cam may hold other suites' open tasks too)
                Locator handOver = cam.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                        .setName(Pattern.compile("^Hand over \\d+ tasks? of Cam Okafor to the one chosen$")));
                for (Locator control : List.of(taker, handOver)) {
                    BoundingBox box = control.boundingBox();
                    assertTrue(box.x >= 0 && box.x + box.width <= 390, control + " at x " + box.x + ", width "
                            + box.width);
                }
                assertEquals(members.evaluate("t => t.parentElement.clientWidth"),
                        members.evaluate("t => t.parentElement.scrollWidth"), "the open fold scrolls sideways");
                screenshot("team-handover-390");
                taker.selectOption("ada@acme.example");
                handOver.click();
                assertThat(page.locator("main [role=status]")).containsText("Open tasks handed over");
                // there as the page opened, the line would not be read out: it takes the focus, which reads it
                assertThat(page.locator("main [role=status]")).isFocused();
                // said once: the address drops the word, and a reload does not say it again
                assertFalse(page.url().contains("done="), page.url());
                page.reload();
                assertThat(page.locator("main [role=status]")).hasCount(0);
                try (java.sql.ResultSet assignee = statement.executeQuery("select assignee_email from task"
                        + " where tenant_id = 'acme' and account_id = 'ACC-TEAMIT'")) {
                    assertTrue(assignee.next());
                    assertEquals("ada@acme.example", assignee.getString(1));
                }
            } finally {
                statement.execute("delete from task where tenant_id = 'acme' and account_id = 'ACC-TEAMIT'");
                statement.execute("delete from account where tenant_id = 'acme' and account_id = 'ACC-TEAMIT'");
            }
        }
    }

    @Test
    void anInviteeFollowsTheEmailSetsAPasswordAndLandsInTheTenantWithTheRole() throws Exception {
        // long, as some are: with no break in it, the card at 390 px must still not scroll sideways
        String email = "invitee-" + UUID.randomUUID().toString().substring(0, 8)
                + "-alexandra.konstantinopoulou@acme.example";
        signIn("/admin/team", "ada", "demo");
        page.waitForURL(appUrl("/admin/team"));
        assertThat(page.getByTestId("team-members")).containsText("Cam Okafor");
        Locator emailField = page.getByLabel("Email", new Page.GetByLabelOptions().setExact(true));
        // every field looks like the others: typed email, password, and an input with no type at all
        for (String field : List.of("Email", "Client secret", "Issuer")) {
            for (String style : List.of("paddingLeft", "borderTopColor", "backgroundColor", "fontSize")) {
                assertEquals(page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true))
                        .evaluate("(e, p) => getComputedStyle(e)[p]", style),
                        page.getByLabel(field, new Page.GetByLabelOptions().setExact(true))
                                .evaluate("(e, p) => getComputedStyle(e)[p]", style), field + "'s " + style);
            }
        }
        emailField.fill(email);
        page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("csm");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send invitation")).click();
        assertThat(page.locator("main [role=status]")).containsText("Invitation sent");
        assertThat(page.getByTestId("team-members")).containsText(email);
        screenshot("team-1280");
        page.setViewportSize(390, 844);
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "the team page fits a 390 px phone");
        // each member a card: the role and the buttons in view, the list does not scroll sideways
        Locator members = page.getByTestId("team-members");
        assertEquals(members.evaluate("t => t.parentElement.clientWidth"),
                members.evaluate("t => t.parentElement.scrollWidth"), "the members list scrolls sideways");
        Locator inviteeRow = members.locator("tr", new Locator.LocatorOptions().setHasText(email));
        assertThat(inviteeRow).containsText("invited");
        // Disable and Withdraw are asked first: a fold each, its button hidden until opened
        Locator disableCam = members.locator("tr", new Locator.LocatorOptions().setHasText("Cam Okafor"))
                .locator("summary", new Locator.LocatorOptions().setHasText("Disable…"));
        Locator withdraw = inviteeRow.locator("summary", new Locator.LocatorOptions().setHasText("Withdraw…"));
        Locator withdrawButton = page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Withdraw the invitation of " + email).setExact(true));
        assertThat(withdrawButton).isHidden();
        for (Locator control : List.of(page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Change role of Cam Okafor").setExact(true)), disableCam,
                page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions()
                        .setName("Resend the invitation of " + email).setExact(true)), withdraw)) {
            BoundingBox box = control.boundingBox();
            assertTrue(box.x >= 0 && box.x + box.width <= 390, control + " at x " + box.x + ", width " + box.width);
        }
        screenshot("team-390");
        withdraw.click();
        assertThat(inviteeRow).containsText("The link sent to " + email + " stops working.");
        BoundingBox opened = withdrawButton.boundingBox();
        assertTrue(opened.x >= 0 && opened.x + opened.width <= 390, "Withdraw at x " + opened.x);
        assertEquals(members.evaluate("t => t.parentElement.clientWidth"),
                members.evaluate("t => t.parentElement.scrollWidth"), "the open fold scrolls sideways");
        screenshot("team-withdraw-390");
        withdraw.click(); // closed again: the invitee is still to follow the link
        assertThat(withdrawButton).isHidden();
        handOverAtPhoneWidth(members);

        String link = invitationLink(email);

        reopenContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page.navigate(link);
        Locator proceed = page.getByText("Click here to proceed");
        if (proceed.count() > 0) {
            proceed.click();
        }
        String password = "Invited-" + UUID.randomUUID();
        page.getByLabel("New Password").fill(password);
        page.getByLabel("Confirm password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
        Locator firstName = page.getByLabel("First name");
        Locator back = page.getByText("Back to Application");
        page.waitForCondition(() -> firstName.count() > 0 || back.count() > 0 || page.url().startsWith(appUrl("")));
        if (firstName.count() > 0) {
            firstName.fill("Ivy");
            page.getByLabel("Last name").fill("Invited");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit")).click();
        }
        page.waitForCondition(() -> back.count() > 0 || page.url().startsWith(appUrl("")));
        if (!page.url().startsWith(appUrl(""))) {
            back.click();
        }
        // Keycloak may or may not keep the invitee signed in after the link: sign in if it asks
        Locator username = page.getByLabel("Username or email");
        page.waitForCondition(() -> page.url().startsWith(appUrl("/csm")) || username.count() > 0);
        if (!page.url().startsWith(appUrl("/csm"))) {
            enterCredentials(email, password);
        }
        page.waitForURL(appUrl("/csm"));
        assertThat(page.getByTestId("user-role")).hasText("csm");
        assertThat(page.getByTestId("user-tenant")).hasText("Acme");
        screenshot("team-invitee-csm");

        String invitee = token(email, password);
        given().auth().oauth2(invitee).get("/api/v1/me").then().statusCode(200)
                .body("tenant", equalTo("acme")).body("roles", hasItem("csm"))
                .body("roles", not(hasItem("admin"))).body("roles", not(hasItem("executive")))
                .body("email", equalTo(email));

        // a role change reaches the member's next token
        String ada = KeycloakApiIT.passwordGrantToken("ada");
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"role\":\"executive\"}")
                .patch("/api/v1/team/" + email).then().statusCode(200).body("roles", contains("executive"));
        given().auth().oauth2(token(email, password)).get("/api/v1/me").then().statusCode(200)
                .body("roles", hasItem("executive")).body("roles", not(hasItem("csm")))
                .body("tenant", equalTo("acme"));
        given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200)
                .body("find { it.user == '" + email + "' }.roles", contains("executive"))
                .body("find { it.user == '" + email + "' }.name", equalTo("Ivy Invited"));

        // disabled: no new token
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .patch("/api/v1/team/" + email).then().statusCode(200).body("enabled", equalTo(false));
        given().formParam("grant_type", "password").formParam("client_id", "bellwether-cli")
                .formParam("username", email).formParam("password", password)
                .post(RealKeycloak.realmUrl() + "/protocol/openid-connect/token").then().statusCode(400);
    }

    @Test
    void theLastAdminCannotStepDownAndAnotherTenantsMemberIsNotFound() throws Exception {
        String ada = KeycloakApiIT.passwordGrantToken("ada");
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"role\":\"csm\"}")
                .patch("/api/v1/team/ada").then().statusCode(409).body("message", containsString("last enabled admin"));
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .patch("/api/v1/team/ada").then().statusCode(409);
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"enabled\":false}")
                .patch("/api/v1/team/gia").then().statusCode(404);
        // globex's people, and addresses at its domain, are invited as anyone is: acme is not told they are
        // globex's (only the person is, by email), and the invitation can be withdrawn as any other
        for (String address : List.of("gia@globex.example", "spy@globex.example")) {
            given().auth().oauth2(ada).contentType(ContentType.JSON)
                    .body("{\"email\":\"" + address + "\",\"role\":\"csm\"}")
                    .post("/api/v1/team/invitations").then().statusCode(201).body("email", equalTo(address));
            assertTrue(mailTo(address).contains("another organisation"), "the person is told why");
            given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200)
                    .body("find { it.user == '" + address + "' }.invited", equalTo(true));
            given().auth().oauth2(ada).delete("/api/v1/team/invitations/" + address).then().statusCode(204);
        }
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("gia")).get("/api/v1/me").then().statusCode(200)
                .body("tenant", equalTo("globex"));
        given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200)
                .body("user", org.hamcrest.Matchers.hasItems("ada", "cam", "cole", "eve"))
                .body("user", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("gia")))
                .body("find { it.user == 'ada' }.roles", contains("admin"));
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("gia")).get("/api/v1/me").then().statusCode(200)
                .body("tenant", equalTo("globex"));
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("cam")).get("/api/v1/team").then().statusCode(403);
    }

    @Test
    void aCompanyConnectsItsOwnSignInAndItsPeopleLandInTheirTenantOnly() throws Exception {
        String gus = KeycloakApiIT.passwordGrantToken("gus");
        String issuer = RealKeycloak.url() + "/realms/customer";
        // acme's domain: globex cannot prove it, and is not told whose it is
        given().auth().oauth2(gus).contentType(ContentType.JSON)
                .body("{\"issuer\":\"" + issuer + "\",\"clientId\":\"bellwether-broker\","
                        + "\"clientSecret\":\"customer-broker-secret\",\"domain\":\"acme.example\"}")
                .put("/api/v1/team/sso").then().statusCode(422).body("errors[0].field", equalTo("domain"))
                .body("errors[0].message", containsString("Prove that acme.example is yours"));
        String connect = "{\"issuer\":\"" + issuer + "\",\"clientId\":\"bellwether-broker\","
                + "\"clientSecret\":\"customer-broker-secret\",\"domain\":\"globex-sso.example\"}";
        given().auth().oauth2(gus).contentType(ContentType.JSON).body(connect)
                .put("/api/v1/team/sso").then().statusCode(422).body("errors[0].field", equalTo("domain"));
        given().auth().oauth2(gus).get("/api/v1/team/sso").then().statusCode(404);
        // on the page, the form names the record to add, readable on a phone
        signIn("/admin/team", "gus", "demo");
        page.getByLabel("Issuer", new Page.GetByLabelOptions().setExact(true)).fill(issuer);
        page.getByLabel("Client id", new Page.GetByLabelOptions().setExact(true)).fill("bellwether-broker");
        page.getByLabel("Client secret", new Page.GetByLabelOptions().setExact(true)).fill("customer-broker-secret");
        page.getByLabel("Email domain", new Page.GetByLabelOptions().setExact(true)).fill("globex-sso.example");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect sign-in")).click();
        assertThat(page.locator("#sso-domain-error")).containsText("_bellwether.globex-sso.example");
        page.setViewportSize(390, 844);
        assertEquals(390, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue(),
                "the record fits a 390 px phone");
        page.locator("#sso-domain-error").scrollIntoViewIfNeeded();
        screenshot("team-sso-proof-390");
        reopenContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        // globex adds the record the app names to its DNS (the suite's DNS server), and connects
        var record = given().auth().oauth2(gus).queryParam("domain", "globex-sso.example")
                .get("/api/v1/team/sso/domain-proof").then().statusCode(200).extract().jsonPath();
        TestDns.txt(record.getString("name"), record.getString("value"));
        given().auth().oauth2(gus).contentType(ContentType.JSON).body(connect)
                .put("/api/v1/team/sso").then().statusCode(200).body("domain", equalTo("globex-sso.example"))
                .body("issuer", equalTo(issuer));
        given().auth().oauth2(gus).get("/api/v1/team/sso").then().statusCode(200)
                .body("clientId", equalTo("bellwether-broker"));
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada")).get("/api/v1/team/sso").then().statusCode(404);

        // sam exists only in the customer's realm: the email sends the browser there, and back into globex
        page.navigate(appUrl("/"));
        page.getByLabel("Username or email").fill("sam@globex-sso.example");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign In")).click();
        page.waitForURL(url -> url.contains("/realms/customer/"));
        enterCredentials("sam", "sso-demo");
        page.waitForURL(appUrl("/csm"));
        assertThat(page.getByTestId("user-role")).hasText("csm");
        assertThat(page.getByTestId("user-tenant")).hasText("Globex");
        screenshot("team-sso-member-csm");
        // the admin page of globex is not theirs, and nothing brings them into acme
        page.navigate(appUrl("/admin/team"));
        assertThat(page.locator("main")).containsText("403");
        given().auth().oauth2(gus).get("/api/v1/team").then().statusCode(200)
                .body("find { it.email == 'sam@globex-sso.example' }.roles", contains("csm"));
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada")).get("/api/v1/team").then().statusCode(200)
                .body("email", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("sam@globex-sso.example")));
        // and an acme admin's invitation of someone at globex's SSO domain is held: only pat learns why
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada")).contentType(ContentType.JSON)
                .body("{\"email\":\"pat@globex-sso.example\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        assertTrue(mailTo("pat@globex-sso.example").contains("Addresses at globex-sso.example sign in to Bellwether"
                + " through another organisation's own company sign-in"));
        given().auth().oauth2(KeycloakApiIT.passwordGrantToken("ada")).delete("/api/v1/team/invitations/"
                + "pat@globex-sso.example").then().statusCode(204);

        // globex runs its provider: it may say that one of its users has an acme member's address. Signing in
        // through it (a crafted link goes straight there) does not make them that acme member
        String master = given().formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", "admin").formParam("password", "admin")
                .post(RealKeycloak.url() + "/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
        given().auth().oauth2(master).contentType(ContentType.JSON).body(java.util.Map.of("username", "mallory",
                "enabled", true, "email", "cole@acme.example", "emailVerified", true, "firstName", "Mal",
                "lastName", "Lory", "credentials", List.of(java.util.Map.of("type", "password", "value", "sso-demo",
                        "temporary", false))))
                .post(RealKeycloak.url() + "/admin/realms/customer/users").then().statusCode(201);
        reopenContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
        page.navigate(appUrl("/"));
        page.getByLabel("Username or email").waitFor();
        page.navigate(page.url() + "&kc_idp_hint=sso-globex");
        page.waitForURL(url -> url.contains("/realms/customer/"));
        enterCredentials("mallory", "sso-demo");
        // Keycloak's first sign-in through a provider: the profile it brought, then what to do with an address
        // that is already someone's; taken as far as it goes
        for (String step : List.of("Submit", "Add to existing account")) {
            Locator button = page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(step));
            try {
                button.waitFor(new Locator.WaitForOptions().setTimeout(10_000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                break;
            }
            button.click();
            page.waitForLoadState();
        }
        page.waitForTimeout(2_000);
        screenshot("team-sso-foreign-address");
        assertTrue(!page.url().startsWith(appUrl("")), "not signed in to Bellwether: " + page.url());
        // Keycloak links the address's account only once its owner proves it (an email to cole, or cole's password)
        assertThat(page.locator("body")).containsText("You need to verify your email address to link your account");
        String cole = given().auth().oauth2(master).queryParam("email", "cole@acme.example").queryParam("exact", true)
                .get(RealKeycloak.url() + "/admin/realms/bellwether/users").then().statusCode(200)
                .extract().path("[0].id");
        given().auth().oauth2(master).get(RealKeycloak.url() + "/admin/realms/bellwether/users/" + cole
                + "/federated-identity").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void anInvitationIsSentAgainWithAFreshLinkAndWithdrawnAtKeycloak() throws Exception {
        String ada = KeycloakApiIT.passwordGrantToken("ada");
        String email = "again-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example";
        String body = "{\"email\":\"" + email + "\",\"role\":\"csm\"}";
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(body).post("/api/v1/team/invitations")
                .then().statusCode(201);
        String first = invitationLink(email);
        // an invitation held for globex's gia is listed exactly as Keycloak's invitee is
        String held = "gia@globex.example";
        given().auth().oauth2(ada).contentType(ContentType.JSON).body("{\"email\":\"" + held + "\",\"role\":\"csm\"}")
                .post("/api/v1/team/invitations").then().statusCode(201);
        var team = given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200).extract().jsonPath();
        assertEquals(team.getMap("find { it.email == '" + email + "' }").toString().replace(email, held),
                team.getMap("find { it.email == '" + held + "' }").toString());
        given().auth().oauth2(ada).delete("/api/v1/team/invitations/" + held).then().statusCode(204);
        // sent again: a new invitation, 201 as a first one
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(body).post("/api/v1/team/invitations")
                .then().statusCode(201);
        long deadline = System.currentTimeMillis() + 30_000;
        while (invitationLinks(email).size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
        }
        List<String> links = invitationLinks(email);
        assertEquals(2, links.size(), "Keycloak sent the invitation again");
        assertNotEquals(first, links.get(1), "with a new link");
        given().auth().oauth2(ada).delete("/api/v1/team/invitations/" + email).then().statusCode(204);
        given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200)
                .body("email", not(hasItem(email)));
        // Keycloak has no such user any more: the address is free, and a new invitation is a real one again
        given().auth().oauth2(ada).contentType(ContentType.JSON).body(body).post("/api/v1/team/invitations")
                .then().statusCode(201);
        given().auth().oauth2(ada).get("/api/v1/team").then().statusCode(200)
                .body("find { it.email == '" + email + "' }.invited", equalTo(true));
        deadline = System.currentTimeMillis() + 30_000;
        while (invitationLinks(email).size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(300);
        }
        assertEquals(3, invitationLinks(email).size(), "Keycloak sent the new invitation");
        given().auth().oauth2(ada).delete("/api/v1/team/invitations/" + email).then().statusCode(204);
    }

    private static String token(String username, String password) {
        return given().formParam("grant_type", "password").formParam("client_id", "bellwether-cli")
                .formParam("username", username).formParam("password", password)
                .post(RealKeycloak.realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    private static String invitationLink(String email) throws Exception {
        mailTo(email);
        return invitationLinks(email).get(0);
    }

    /** The text of the first email to {@code address}, waiting for it up to 30 s. */
    private static String mailTo(String address) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> mails = mailsTo(address);
            if (!mails.isEmpty()) {
                return text(mails.get(0));
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no email to " + address + " within 30 s; received: "
                + List.of(DigestMailServer.server().getReceivedMessages()).size());
    }

    private static List<MimeMessage> mailsTo(String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : DigestMailServer.server().getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients()).map(Object::toString).anyMatch(address::equals)) {
                found.add(message);
            }
        }
        return found;
    }

    /** The links of the invitations Keycloak has sent to {@code email} so far, oldest first. */
    private static List<String> invitationLinks(String email) throws Exception {
        List<String> links = new ArrayList<>();
        for (MimeMessage message : mailsTo(email)) {
            Matcher link = LINK.matcher(text(message));
            assertTrue(link.find(), "the invitation carries a link: " + text(message));
            links.add(link.group(1).replace("&amp;", "&"));
        }
        return links;
    }

    private static String text(MimeMessage message) throws MessagingException, IOException {
        Object content = message.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                all.append(part.getContent()).append('\n');
            }
            return all.toString();
        }
        return String.valueOf(content);
    }
}
