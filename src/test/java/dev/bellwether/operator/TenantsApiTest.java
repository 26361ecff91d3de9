package dev.bellwether.operator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.team.FakeTeamDirectory;
import dev.bellwether.testing.DatabaseBootstrap;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.OperatorProfile;
import dev.bellwether.testing.RecordingDirectory;
import dev.bellwether.testing.TenantData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * {@code /api/v1/tenants}: the platform operator creates, lists, suspends, resumes and deletes tenants;
 * bad input is refused with nothing written anywhere (database, identity provider, audit).
 */
@QuarkusTest
@TestProfile(OperatorProfile.class)
class TenantsApiTest {

    static final String OPERATOR = FakeKeycloak.accessToken("otto", null, "operator");
    static final String CSV_HEAD = "account_id,name,segment,industry,plan,csm_email,customer_since,renewal_date,"
            + "licensed_seats,first_value_date\n";

    @Inject
    RecordingDirectory directory;

    @Inject
    TenantData data;

    @Inject
    FakeTeamDirectory team;

    @Inject
    dev.bellwether.audit.AuditLog audit;

    static String newId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Response create(String body) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body).post("/api/v1/tenants");
    }

    static String tenantJson(String id, String name, String email) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"adminEmail\":\"" + email + "\"}";
    }

    @Test
    void theOperatorCreatesATenantWithItsOrganizationAndFirstAdminThenItsUsersWork() throws SQLException {
        String id = newId("north");
        create(tenantJson(id, " Northwind Traders ", "it@northwind.example")).then().statusCode(201)
                .header("Location", containsString("/api/v1/tenants/" + id))
                .body("id", equalTo(id)).body("name", equalTo("Northwind Traders")).body("status", equalTo("active"))
                .body("accounts", equalTo(0)).body("users", equalTo(0)).body("lastImport", nullValue())
                .body("rows", equalTo(0)).body("dataBytes", equalTo(0)).body("createdAt", notNullValue());
        assertEquals(List.of("createOrganization " + id + " Northwind Traders",
                "invite " + id + " it@northwind.example admin"), directory.callsFor(id));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().statusCode(200)
                .body("id", hasItem(id)).body("find { it.id == '" + id + "' }.name", equalTo("Northwind Traders"));
        given().auth().oauth2(FakeKeycloak.accessToken("nia", id, "admin")).get("/api/v1/me").then().statusCode(200)
                .body("tenant", equalTo(id));
        assertEquals(List.of("tenant_created otto " + id), platformLog(id));
        assertEquals("0", data.single(id, "select count(*) from audit_event"), "the tenant's own log starts empty");
    }

    /**
     * The list of every tenant reads each imported table's row count from PostgreSQL's statistics (exact
     * counts of a thousand tenants' rows would read them all for one page); one tenant's row counts exactly.
     */
    @Test
    void theListEstimatesRowsFromStatisticsAndOneTenantCountsThemExactly() throws SQLException {
        String id = newId("rows");
        create(tenantJson(id, "Rows Ltd", "it@rows.example")).then().statusCode(201);
        String admin = FakeKeycloak.accessToken("ada", id, "admin");
        given().auth().oauth2(admin).multiPart("file", "mrr.csv", ("account_id,month,mrr\nA1,2026-01,10\n"
                + "A1,2026-02,10\nA1,2026-03,10\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("file", "accounts.csv", (CSV_HEAD + "A1,One,SMB,,,,2025-01-01,,,\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports").then().statusCode(201);
        try (java.sql.Connection c = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("analyze \"" + partition(st, "mrr", id) + "\"");
            // as autovacuum's ANALYZE might have sampled it: the list shows what the statistics say
            st.executeUpdate("update pg_class set reltuples = 1000 where oid = '\"" + partition(st, "mrr", id)
                    + "\"'::regclass");
        }
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.rows", equalTo(1 + 1000));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants/" + id).then().statusCode(200)
                .body("rows", equalTo(1 + 3));
    }

    private static String partition(java.sql.Statement st, String table, String tenant) throws SQLException {
        try (java.sql.ResultSet r = st.executeQuery("select bw_partition_name('" + table + "', '" + tenant + "')")) {
            r.next();
            return r.getString(1);
        }
    }

    /**
     * A resume racing a deletion's start: the deletion holds the row while it suspends and records its start;
     * the resume, let through before that committed, looks again under the row's lock and refuses (409).
     */
    @Test
    void aResumeRacingADeletionsStartIsRefusedUnderTheRowsLock() throws Exception {
        String id = newId("race");
        create(tenantJson(id, "Race Ltd", "it@race.example")).then().statusCode(201);
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"status\":\"suspended\"}")
                .patch("/api/v1/tenants/" + id).then().statusCode(200);
        try (java.sql.Connection deleting = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = deleting.createStatement()) {
            deleting.setAutoCommit(false);
            statement.execute("select 1 from tenant where id = '" + id + "' for update");
            statement.execute("insert into platform_audit (actor, action, tenant, summary, details) values ('otto',"
                    + " 'tenant_deletion_started', '" + id + "', 'Deleting tenant " + id + "', '{}')");
            java.util.concurrent.CompletableFuture<Integer> resume = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"status\":\"active\"}")
                            .patch("/api/v1/tenants/" + id).then().extract().statusCode());
            // the resume waits for the row (the test profile's lock wait is 1 s): seen waiting, the deletion commits
            java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
            boolean waiting = false;
            try (java.sql.Connection watch = dev.bellwether.testing.DatabaseBootstrap.superuserConnection();
                    java.sql.Statement look = watch.createStatement()) {
                while (!waiting && java.time.Instant.now().isBefore(deadline)) {
                    try (java.sql.ResultSet r = look.executeQuery("select count(*) from pg_stat_activity"
                            + " where wait_event_type = 'Lock' and query like '%bw_set_tenant_status%'")) {
                        r.next();
                        waiting = r.getInt(1) > 0;
                    }
                    Thread.sleep(10);
                }
            }
            deleting.commit();
            assertTrue(waiting, "the resume waited for the row the deletion held");
            assertEquals(409, resume.get(20, java.util.concurrent.TimeUnit.SECONDS));
        }
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants/" + id).then().statusCode(200)
                .body("status", equalTo("suspended"));
    }

    @Test
    void aTenantIdThatIsTakenAnswers409AndNothingMore() throws SQLException {
        String id = newId("twice");
        create(tenantJson(id, "Twice", "a@twice.example")).then().statusCode(201);
        create(tenantJson(id, "Twice again", "b@twice.example")).then().statusCode(409)
                .body("message", containsString("already exists"));
        assertEquals(2, directory.callsFor(id).size());
        assertEquals(1, platformLog(id).size());
        create(tenantJson("acme", "Acme again", "x@acme.example")).then().statusCode(409);
    }

    @Test
    void badInputAnswers422NamingEveryProblemAndWritesNothing() throws SQLException {
        int tenants = given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().extract().path("size()");
        int calls = directory.calls().size();
        long logged = platformLogSize();
        create(tenantJson("Not A Slug", "X", "x@x.example")).then().statusCode(422)
                .body("errors[0].field", equalTo("id")).body("errors[0].message", containsString("slug"));
        for (String id : List.of("-leading", "UPPER", "a/b", "é", "x".repeat(64), "a b")) {
            create(tenantJson(id, "X", "x@x.example")).then().statusCode(422).body("errors.field", hasItem("id"));
        }
        create("{\"id\":\"" + newId("nomail") + "\",\"name\":\"No mail\"}").then().statusCode(422)
                .body("errors.field", equalTo(List.of("adminEmail")))
                .body("errors[0].message", containsString("required"));
        // Keycloak takes the address as a user name, and refuses these characters in one
        create(tenantJson(newId("badmail"), "Bad mail", "a@b")).then().statusCode(422)
                .body("errors[0].message", equalTo("adminEmail is not an email address one can sign in with (after"
                        + " the @ a domain such as company.com: letters a-z, digits and '-' between dots, no accents"
                        + " (use its xn-- form))"));
        create(tenantJson(newId("badmail"), "Bad mail", "not-an-email")).then().statusCode(422)
                .body("errors[0].message", equalTo("adminEmail is not an email address one can sign in with (a name,"
                        + " an @, then a domain)"));
        for (String email : List.of("two@@x.example", "a b@x.example", "<a@x.example>",
                "o'brien@x.example", "a!b@x.example", "a%b@x.example", "a{b}@x.example", "é@x.example")) {
            create(tenantJson(newId("badmail"), "Bad mail", email)).then().statusCode(422)
                    .body("errors.field", equalTo(List.of("adminEmail")))
                    .body("errors[0].message", equalTo("adminEmail is not an email address one can sign in with"
                            + " (before the @ only letters a-z, digits, '.', '_', '+' or '-', with no '.' first,"
                            + " last or twice in a row)"));
        }
        // a name that shows as nothing, or as something else: invisible, controls, a direction override
        for (String name : List.of("\\u200B", " \\u200B\\u2060 ", "Acme\\u0007", "Acme\\u202Eevil", "\\uD800Acme",
                "\\u2800", "\\u3164", "\\uFE0F")) { // a braille blank, a Hangul filler, a variation selector alone
            create(tenantJson(newId("badname"), name, "x@x.example")).then().statusCode(422)
                    .body("errors.field", equalTo(List.of("name")))
                    .body("errors[0].message", equalTo("name must be plain text its users can read: no control"
                            + " characters, no direction overrides, and at least one visible character"));
        }
        create("{}").then().statusCode(422).body("errors.field", equalTo(List.of("id", "name", "adminEmail")));
        create("[1]").then().statusCode(422).body("errors[0].field", equalTo("body"));
        create("{\"id\":7,\"name\":\"Seven\",\"adminEmail\":\"s@seven.example\"}").then().statusCode(422)
                .body("errors[0].message", equalTo("id must be a string"));
        create("{\"id\":\"" + newId("extra") + "\",\"name\":\"E\",\"adminEmail\":\"e@e.example\",\"plan\":\"gold\"}")
                .then().statusCode(422).body("errors[0].field", equalTo("plan"));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().body("size()", equalTo(tenants));
        assertEquals(calls, directory.calls().size(), "the identity provider was asked nothing");
        assertEquals(logged, platformLogSize(), "nothing was audited");
    }

    @Test
    void anAddressTheIdentityProviderHasAlreadyIs409AndNothingIsCreated() throws SQLException {
        String id = newId("taken");
        directory.takenOn("invite");
        create(tenantJson(id, "Taken", "Ada.Lovelace+x@taken.example")).then().statusCode(409)
                .body("error", equalTo("conflict"))
                .body("message", equalTo("The identity provider could not invite the first admin:"
                        + " Ada.Lovelace+x@taken.example already has a Bellwether sign-in. Nothing was changed in"
                        + " Bellwether."));
        assertEquals(List.of("createOrganization " + id + " Taken", "invite " + id
                + " Ada.Lovelace+x@taken.example admin", "removeCreatedOrganization " + id), directory.callsFor(id));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().body("id", not(hasItem(id)));
        assertEquals(List.of(), platformLog(id));
    }

    /**
     * Another organisation's invitation of the address that lapsed unused (the link worked three days) gives way:
     * the address is nobody's sign-in.
     */
    @Test
    void aFirstAdminWhoseInvitationElsewhereLapsedUnusedIsInvitedAndThatInvitationGoes() {
        String id = newId("lapse");
        String address = id + "@lapsed.example";
        team.addInvitee(FakeTeamDirectory.OTHER, address, "csm", Instant.now().minus(Duration.ofDays(4)));
        create(tenantJson(id, "Lapse", address)).then().statusCode(201);
        assertEquals(List.of("createOrganization " + id + " Lapse", "invite " + id + " " + address + " admin"),
                directory.callsFor(id));
        assertEquals(Optional.empty(), team.unusedInvitation(address));
        assertEquals(List.of(), team.members(FakeTeamDirectory.OTHER).stream().filter(m -> address.equals(m.email()))
                .toList());
    }

    /**
     * The operator gives a tenant an admin: a new address is invited, an invitee is sent the invitation again, a
     * disabled member becomes an enabled admin; each in the platform log, and nothing else is asked of anyone.
     */
    @Test
    void theOperatorGivesATenantAnAdminByInvitingSendingAgainOrMakingAMemberAdmin() throws SQLException {
        String id = newId("admins");
        create(tenantJson(id, "Admins", "first@admins.example")).then().statusCode(201);
        int before = team.invitations().size();
        Response invited = admins(id, "{\"email\":\" Boss@Admins.example \"}");
        invited.then().statusCode(200).body("email", equalTo("boss@admins.example"))
                .body("outcome", equalTo("invited"));
        admins(id, "{\"email\":\"boss@admins.example\"}").then().statusCode(200).body("outcome",
                equalTo("sent_again"));
        assertEquals(List.of(new FakeTeamDirectory.Invitation(id, "boss@admins.example", "admin"),
                new FakeTeamDirectory.Invitation(id, "boss@admins.example", "admin")),
                team.invitations().subList(before, team.invitations().size()));
        // every admin left: a disabled csm who signs in becomes the enabled admin
        team.add(id, new dev.bellwether.team.Member("id-cy", "cy", "Cy", "cy@admins.example", List.of("csm"), false,
                false));
        // switched off on the team page: no mail reaches them (tenant_user)
        data.single(id, "insert into tenant_user (tenant_id, username, email, roles, switched_off_at) values ('" + id
                + "', 'cy', 'cy@admins.example', '{csm}', now()) returning 1");
        admins(id, "{\"email\":\"cy@admins.example\"}").then().statusCode(200).body("outcome",
                equalTo("made_admin"));
        // the tenant's records follow at once: mail reaches the new admin again, as one, and the log says what changed
        assertEquals("admin|true", data.single(id, "select array_to_string(roles, ',') || '|'"
                + " || (switched_off_at is null)"
                + " from tenant_user where username = 'cy'"));
        assertEquals("role: csm > admin; enabled: false > true", data.single(id, "select string_agg(c->>'field' || ': '"
                + " || coalesce(c->>'before', '-') || ' > ' || (c->>'after'), '; ') from audit_event,"
                + " jsonb_array_elements(changes) c where id = (select max(id) from audit_event"
                + " where actor = 'otto')"));
        dev.bellwether.team.Member cy = team.member(id, "cy").orElseThrow();
        assertEquals(List.of("admin"), cy.roles());
        assertTrue(cy.enabled());
        admins(id, "{\"email\":\"cy@admins.example\"}").then().statusCode(409).body("message",
                equalTo("cy@admins.example is already an enabled admin of " + id + " who signs in: nothing was"
                        + " changed."));
        assertEquals(List.of("tenant_created otto " + id, "admin_given otto " + id, "admin_given otto " + id,
                "admin_given otto " + id), platformLog(id));
        // and in the tenant's own log, where its admins look
        assertEquals("The platform operator invited boss@admins.example as admin|The platform operator made"
                + " boss@admins.example admin and sent the invitation again|The platform operator made"
                + " cy@admins.example an enabled admin", data.single(id, "select string_agg(summary, '|' order by id)"
                        + " from audit_event where kind = 'team' and actor = 'otto'"));

        // one who reads as invited but signs in (they changed their address) is made admin, and sent nothing
        team.add(id, new dev.bellwether.team.Member("id-lee", "lee", "Lee", "lee@admins.example", List.of("csm"), true,
                true));
        team.signedUp("id-lee");
        int sent = team.invitations().size();
        admins(id, "{\"email\":\"lee@admins.example\"}").then().statusCode(200).body("outcome",
                equalTo("made_admin"));
        assertEquals(List.of("admin"), team.member(id, "lee").orElseThrow().roles());
        assertEquals(sent, team.invitations().size(), "no invitation for one who signs in");
        // made admin, still reading as invited: a second time changes nothing, and says so (nor logs a change)
        admins(id, "{\"email\":\"lee@admins.example\"}").then().statusCode(409).body("message",
                equalTo("lee@admins.example is already an enabled admin of " + id + " who signs in: nothing was"
                        + " changed."));
        admins(id, "{\"email\":\"not an address\"}").then().statusCode(422)
                .body("errors[0].field", equalTo("email"));
        admins(id, "{\"mail\":\"x@admins.example\"}").then().statusCode(422).body("errors.field", hasItem("mail"));
        admins(id, "{\"email\":\"spy@team-b.example\"}").then().statusCode(422)
                .body("errors[0].message", containsString("team-b.example"));
        admins("no-such-" + id, "{\"email\":\"x@admins.example\"}").then().statusCode(404);
        assertEquals(5, platformLog(id).size(), "refusals log nothing"); // created, and four admins given
        assertEquals(before + 2, team.invitations().size(), "and invite nobody");

        // an invitee made admin whose invitation cannot be sent (the mail server refuses) is put back as they were
        team.addInvitee(id, "unsendable-dee@admins.example", "csm", Instant.now());
        admins(id, "{\"email\":\"unsendable-dee@admins.example\"}").then().statusCode(502);
        assertEquals(List.of("csm"), team.members(id).stream()
                .filter(m -> m.email().equals("unsendable-dee@admins.example")).findFirst().orElseThrow().roles());
        assertEquals(5, platformLog(id).size());
    }

    /**
     * The platform log's entry is written before the identity provider is asked: when the database refuses it,
     * nobody was made admin nor enabled, and the answer says nothing was changed (it was a 500).
     */
    @Test
    void anAdminTheDatabaseCannotRecordIsNotGivenAtTheIdentityProvider() throws SQLException {
        String id = newId("unrecorded");
        create(tenantJson(id, "Unrecorded", "first@unrecorded.example")).then().statusCode(201);
        team.add(id, new dev.bellwether.team.Member("id-di", "di", "Di", "di@unrecorded.example", List.of("csm"),
                false, false));
        int invitations = team.invitations().size();
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("create or replace function test_refuse_admin_given() returns trigger language plpgsql"
                    + " as $$ begin raise exception 'refused by the test'; end $$");
            statement.execute("create trigger test_refuse_admin_given before insert on platform_audit for each row"
                    + " when (new.action = 'admin_given' and new.tenant = '" + id + "')"
                    + " execute function test_refuse_admin_given()");
            try {
                for (String email : List.of("di@unrecorded.example", "new@unrecorded.example")) {
                    admins(id, "{\"email\":\"" + email + "\"}").then().statusCode(503)
                            .body("message", equalTo("The database could not give " + id + " the admin " + email
                                    + "; nothing was changed. Try again in a minute."));
                }
            } finally {
                statement.execute("drop trigger test_refuse_admin_given on platform_audit");
                statement.execute("drop function test_refuse_admin_given()");
            }
        }
        dev.bellwether.team.Member di = team.member(id, "di").orElseThrow();
        assertEquals(List.of("csm"), di.roles());
        assertTrue(!di.enabled(), "still disabled");
        assertEquals(invitations, team.invitations().size(), "nobody was invited");
        assertEquals(List.of("tenant_created otto " + id), platformLog(id));
        // once the database takes it, the same call gives the admin
        admins(id, "{\"email\":\"di@unrecorded.example\"}").then().statusCode(200)
                .body("outcome", equalTo("made_admin"));
    }

    @Test
    void aTenantWhoseOrganizationIsGoneGetsNoAdminAndTheOperatorIsToldWhatToDo() throws SQLException {
        String id = newId("no-org");
        create(tenantJson(id, "No org", "first@no-org.example")).then().statusCode(201);
        team.dropOrganization(id); // deleted in Keycloak's console
        int invitations = team.invitations().size();
        admins(id, "{\"email\":\"new@no-org.example\"}").then().statusCode(409).body("message", equalTo("Keycloak has"
                + " no organization " + id + " (deleted in its console?), so " + id + " gets no admin and nobody can"
                + " sign in to it; nothing was changed. Create the organization there again with alias " + id + ", or"
                + " delete the tenant."));
        assertEquals(invitations, team.invitations().size(), "nobody was invited");
        assertEquals(List.of("tenant_created otto " + id), platformLog(id));
    }

    private static Response admins(String id, String body) {
        return given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                .post("/api/v1/tenants/" + id + "/admins");
    }

    /** When the organization cannot be removed either, the answer says so: a retry would meet it (409). */
    @Test
    void aCreationWhoseOrganizationCannotBeRemovedSaysWhatIsLeft() throws SQLException {
        String id = newId("left");
        directory.failOn("invite", "removeCreatedOrganization");
        create(tenantJson(id, "Left", "l@left.example")).then().statusCode(502)
                .body("message", equalTo("The identity provider could not invite the first admin: the identity"
                        + " provider is down. Nothing was changed in Bellwether. The organization " + id
                        + " it made at the identity provider could not be removed: until an administrator of the"
                        + " provider deletes it, creating " + id + " again answers 409."));
        assertEquals(List.of("createOrganization " + id + " Left", "invite " + id + " l@left.example admin",
                "removeCreatedOrganization " + id), directory.callsFor(id));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().body("id", not(hasItem(id)));
    }

    @Test
    void whenTheIdentityProviderFailsTheTenantIsNotCreatedAndItsOrganizationIsRemoved() throws SQLException {
        String id = newId("flaky");
        directory.failOn("invite");
        create(tenantJson(id, "Flaky", "f@flaky.example")).then().statusCode(502)
                .body("message", containsString("could not invite the first admin"));
        assertEquals(List.of("createOrganization " + id + " Flaky", "invite " + id + " f@flaky.example admin",
                "removeCreatedOrganization " + id), directory.callsFor(id));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().body("id", not(hasItem(id)));
        assertEquals(List.of(), platformLog(id));
        given().auth().oauth2(FakeKeycloak.accessToken("fay", id, "admin")).get("/api/v1/me").then().statusCode(403);
        create(tenantJson(id, "Flaky", "f@flaky.example")).then().statusCode(201);
    }

    @Test
    void anOrganizationTheIdentityProviderMadeBeforeFailingIsRemovedSoTheCallCanBeRepeated() throws SQLException {
        String id = newId("timeout");
        // as when Keycloak makes the organization but its answer never arrives
        directory.failOn("createOrganization");
        create(tenantJson(id, "Timeout", "t@timeout.example")).then().statusCode(502)
                .body("message", containsString("could not create the organization"));
        assertEquals(List.of("createOrganization " + id + " Timeout", "removeCreatedOrganization " + id),
                directory.callsFor(id));
        assertEquals(0, tenantRows(id));
        assertEquals(List.of(), platformLog(id));
        create(tenantJson(id, "Timeout", "t@timeout.example")).then().statusCode(201);
    }

    @Test
    void whenTheDatabaseFailsAfterTheIdentityProviderDidItsPartItsOrganizationAndAdminAreRemoved()
            throws SQLException {
        String id = newId("lost");
        // the creation's database connection is lost while the first admin is being invited
        directory.afterNext("invite", () -> assertEquals(1L, terminateIdleTransaction("insert into platform_audit%")));
        create(tenantJson(id, "Lost", "l@lost.example")).then().statusCode(503)
                .body("message", containsString("try again"));
        assertEquals(List.of("createOrganization " + id + " Lost", "invite " + id + " l@lost.example admin",
                "removeCreatedOrganization " + id), directory.callsFor(id));
        assertEquals(0, tenantRows(id));
        assertEquals(List.of(), platformLog(id));
        create(tenantJson(id, "Lost", "l@lost.example")).then().statusCode(201);
    }

    @Test
    void eachTenantIsAtTheAddressItsCreationAnswers() {
        String id = newId("here");
        String location = create(tenantJson(id, "Here", "h@here.example")).then().statusCode(201)
                .extract().header("Location");
        Object listed = given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then()
                .extract().path("find { it.id == '" + id + "' }");
        given().auth().oauth2(OPERATOR).get(location).then().statusCode(200).body("id", equalTo(id))
                .body("name", equalTo("Here")).body("status", equalTo("active")).body("accounts", equalTo(0))
                .body("", equalTo(listed));
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants/" + newId("ghost")).then().statusCode(404)
                .body("message", equalTo("No such tenant"));
        given().auth().oauth2(FakeKeycloak.accessToken("hal", id, "admin", "operator")).get(location).then()
                .statusCode(403);
    }

    @Test
    void aFirstAdminAtADomainAnotherOrganisationClaimsIs422AndNothingIsCreated() throws SQLException {
        String id = newId("poach");
        directory.claim("claimed.example", "acme");
        int calls = directory.calls().size();
        create(tenantJson(id, "Poach", "boss@Claimed.example")).then().statusCode(422)
                .body("errors.field", equalTo(List.of("adminEmail")))
                .body("errors[0].message", equalTo("Addresses at claimed.example belong to another company's sign-in:"
                        + " invite someone of yours"));
        assertEquals(calls, directory.calls().size(), "the identity provider was asked to make nothing");
        assertEquals(0, tenantRows(id));
        assertEquals(List.of(), platformLog(id));
    }

    @Test
    void suspendedTenantsUsersGet403UntilResumedAndTheirDataStays() throws SQLException {
        String id = newId("pause");
        create(tenantJson(id, "Pause", "p@pause.example")).then().statusCode(201);
        String admin = FakeKeycloak.accessToken("pia", id, "admin");
        given().auth().oauth2(admin).contentType("text/csv").body(CSV_HEAD + "P-1,One,SMB,,,,2025-01-15,,,\n")
                .post("/api/v1/imports/accounts").then().statusCode(201);
        given().auth().oauth2(admin).get("/api/v1/imports").then().statusCode(200);

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"status\":\"suspended\"}")
                .patch("/api/v1/tenants/" + id).then().statusCode(200)
                .body("status", equalTo("suspended")).body("accounts", equalTo(1))
                .body("statusChangedAt", notNullValue());
        for (String path : List.of("/api/v1/accounts", "/api/v1/me", "/api/v1/metrics", "/api/v1/imports")) {
            given().auth().oauth2(admin).get(path).then().statusCode(403)
                    .body("message", containsString("suspended"));
        }
        given().auth().oauth2(admin).contentType("text/csv").body(CSV_HEAD + "P-2,Two,SMB,,,,2025-01-15,,,\n")
                .post("/api/v1/imports/accounts").then().statusCode(403);
        assertEquals("1", data.single(id, "select count(*) from account"), "its data stays, nothing more is written");

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"status\":\"active\"}")
                .patch("/api/v1/tenants/" + id).then().statusCode(200).body("status", equalTo("active"));
        given().auth().oauth2(admin).get("/api/v1/imports").then().statusCode(200).body("size()", equalTo(1));
        assertEquals(List.of("tenant_created otto " + id, "tenant_suspended otto " + id, "tenant_resumed otto " + id),
                platformLog(id));
        assertEquals(List.of("Tenant suspended by the platform operator", "Tenant resumed by the platform operator"),
                List.of(data.single(id,
                        "select string_agg(summary, '|' order by id) from audit_event where kind = 'tenant'")
                        .split("\\|")));
        // the admins' audit page shows what the status was and became
        List<dev.bellwether.audit.AuditLog.Event> events = dev.bellwether.tenant.TenantContext.call(id,
                () -> audit.page(dev.bellwether.audit.AuditKind.TENANT, 1, 10)).events();
        assertEquals(List.of(new dev.bellwether.audit.AuditDiff.Change("status", "active", "suspended"),
                new dev.bellwether.audit.AuditDiff.Change("status", "suspended", "active")),
                events.stream().sorted(java.util.Comparator.comparingLong(dev.bellwether.audit.AuditLog.Event::id))
                        .flatMap(event -> event.changes().stream()).toList());
    }

    @Test
    void aStatusChangeNeedsAKnownTenantAndAKnownStatus() throws SQLException {
        long logged = platformLogSize();
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body("{\"status\":\"suspended\"}")
                .patch("/api/v1/tenants/" + newId("ghost")).then().statusCode(404);
        for (String body : List.of("{\"status\":\"paused\"}", "{}", "{\"status\":1}", "{\"status\":\"active\",\"x\":1}",
                "\"suspended\"")) {
            given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(body)
                    .patch("/api/v1/tenants/acme").then().statusCode(422).body("errors", not(empty()));
        }
        assertEquals(logged, platformLogSize());
        given().auth().oauth2(FakeKeycloak.accessToken("ada", "acme", "admin")).get("/api/v1/me").then()
                .statusCode(200);
    }

    @Test
    void deletingATenantThatDoesNotExistAnswers404AndAsksNobody() throws SQLException {
        int calls = directory.calls().size();
        long logged = platformLogSize();
        given().auth().oauth2(OPERATOR).delete("/api/v1/tenants/" + newId("ghost")).then().statusCode(404)
                .body("message", equalTo("No such tenant"));
        given().auth().oauth2(OPERATOR).delete("/api/v1/tenants/Not%20A%20Slug").then().statusCode(404);
        assertEquals(calls, directory.calls().size());
        assertEquals(logged, platformLogSize());
    }

    @Test
    void aDeletedTenantsTokensGet403AndNoRequestBringsItBack() throws SQLException {
        String id = newId("gone");
        create(tenantJson(id, "Gone", "g@gone.example")).then().statusCode(201);
        String admin = FakeKeycloak.accessToken("gil", id, "admin");
        given().auth().oauth2(admin).contentType("text/csv").body(CSV_HEAD + "G-1,One,SMB,,,,2025-01-15,,,\n")
                .post("/api/v1/imports/accounts").then().statusCode(201);

        given().auth().oauth2(OPERATOR).delete("/api/v1/tenants/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("name", equalTo("Gone")).body("rows.account", equalTo(1));
        assertEquals("deleteOrganization " + id, directory.callsFor(id).get(directory.callsFor(id).size() - 1));

        given().auth().oauth2(admin).get("/api/v1/me").then().statusCode(403)
                .body("message", containsString("not set up"));
        given().auth().oauth2(admin).contentType("text/csv").body(CSV_HEAD + "G-2,Two,SMB,,,,2025-01-15,,,\n")
                .post("/api/v1/imports/accounts").then().statusCode(403);
        given().auth().oauth2(admin).get("/api/v1/accounts").then().statusCode(403);
        given().auth().oauth2(OPERATOR).get("/api/v1/tenants").then().body("id", not(hasItem(id)));
        assertEquals(0, tenantRows(id), "no request brought the tenant back");
        given().auth().oauth2(OPERATOR).delete("/api/v1/tenants/" + id).then().statusCode(404);
        assertEquals(List.of("tenant_created otto " + id, "tenant_deletion_started otto " + id,
                "tenant_deleted otto " + id), platformLog(id));

        // a new tenant given the same id: the old tokens still get 403, its own users find it empty
        awaitNextSecond();
        create(tenantJson(id, "Gone again", "g2@gone.example")).then().statusCode(201);
        given().auth().oauth2(admin).get("/api/v1/me").then().statusCode(403)
                .body("message", containsString("sign in again"));
        given().auth().oauth2(admin).get("/api/v1/accounts").then().statusCode(403);
        // a session signed in before, refreshed since: its token is new, its sign-in (auth_time) is not
        given().auth().oauth2(FakeKeycloak.refreshedToken(Instant.now().minusSeconds(60), "gil", id, "admin"))
                .get("/api/v1/me").then().statusCode(403);
        given().auth().oauth2(FakeKeycloak.refreshedToken(Instant.now(), "gia", id, "admin")).get("/api/v1/me")
                .then().statusCode(200);
        String newcomer = FakeKeycloak.accessToken("gia", id, "admin");
        given().auth().oauth2(newcomer).get("/api/v1/me").then().statusCode(200).body("tenant", equalTo(id));
        given().auth().oauth2(newcomer).get("/api/v1/accounts").then().statusCode(200).body("size()", equalTo(0));
    }

    /** Tokens say when they were issued to the second: a tenant made after this is newer than any token so far. */
    static void awaitNextSecond() {
        try {
            Thread.sleep(1_050 - System.currentTimeMillis() % 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The platform log's entries about {@code tenant}: "action actor tenant", oldest first. */
    static List<String> platformLog(String tenant) throws SQLException {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select action || ' ' || actor || ' ' || tenant from platform_audit where tenant = ? "
                                + "order by id")) {
            statement.setString(1, tenant);
            try (ResultSet rows = statement.executeQuery()) {
                List<String> entries = new java.util.ArrayList<>();
                while (rows.next()) {
                    entries.add(rows.getString(1));
                }
                return entries;
            }
        }
    }

    /** Ends the app's database sessions idle in a transaction whose last statement matched {@code query}. */
    static long terminateIdleTransaction(String query) {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement statement = connection.prepareStatement("select count(pg_terminate_backend(pid))"
                        + " from pg_stat_activity where datname = current_database()"
                        + " and state = 'idle in transaction' and query like ?")) {
            statement.setString(1, query);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long platformLogSize() throws SQLException {
        return count("select count(*) from platform_audit");
    }

    static long tenantRows(String tenant) throws SQLException {
        return count("select count(*) from tenant where id = '" + tenant + "'");
    }

    static long count(String sql) throws SQLException {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
