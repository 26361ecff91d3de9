package dev.bellwether.team;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;

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

/**
 * The team page's open tasks: how many each member holds, and handing a leaver's open tasks to an
 * enabled CSM or admin (the identity provider in memory, {@link FakeTeamDirectory}).
 */
@QuarkusTest
class TaskHandoverTest {

    static final String TENANT = FakeTeamDirectory.TENANT;
    static final String OTHER = FakeTeamDirectory.OTHER;

    @Inject
    FakeTeamDirectory directory;

    @Inject
    TenantData data;

    @Inject
    TestTenants tenants;

    @BeforeEach
    void tasks() {
        tenants.ensure(TENANT);
        tenants.ensure(OTHER);
        directory.reset();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String tenant : new String[] { TENANT, OTHER }) {
            data.single(tenant, "with gone as (delete from task returning 1) select count(*) from gone");
            data.single(tenant, "with made as (insert into account (tenant_id, account_id, name, customer_since)"
                    + " select '" + tenant + "', 'ACC-' || n, 'Account ' || n, date '2025-01-01'"
                    + " from generate_series(1, 3) n on conflict do nothing returning 1) select count(*) from made");
        }
        task(TENANT, "ACC-1", "Call the sponsor", today.minusDays(3), "cam@team-a.example", "open");
        task(TENANT, "ACC-2", "Send the QBR deck", today.plusDays(4), "Cam@Team-A.example", "open");
        task(TENANT, "ACC-1", "Already done", today.minusDays(9), "cam@team-a.example", "done");
        task(TENANT, "ACC-3", "Renewal call", today.plusDays(1), "ada@team-a.example", "open");
        // the other tenant's task for the same address is not this team's
        task(OTHER, "ACC-1", "Not theirs", today, "cam@team-a.example", "open");
    }

    private void task(String tenant, String account, String title, LocalDate due, String assignee, String status) {
        data.single(tenant, "with made as (insert into task (tenant_id, id, account_id, title, due_date,"
                + " assignee_email, status, done_at, created_by) values ('" + tenant + "', gen_random_uuid(), '"
                + account + "', '" + title + "', date '" + due + "', '" + assignee + "', '" + status + "', "
                + ("done".equals(status) ? "now()" : "null") + ", 'test') returning 1) select count(*) from made");
    }

    private String assignees(String tenant) {
        return data.single(tenant, "select string_agg(title || '=' || assignee_email || '/' || status, ', '"
                + " order by title) from task");
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aLeaversOpenTasksGoToTheOneChosenAndEachMoveIsAudited() {
        String page = given().get("/admin/team").then().statusCode(200).extract().asString();
        // cam: two open (addresses in any case), one of them overdue; the done one does not count
        assertEquals(1, count(page, "<span data-testid=\"open-tasks\">2</span> <span class=\"count-bad\">"
                + "(1 overdue)</span>"));
        assertEquals(1, count(page, "<span data-testid=\"open-tasks\">1</span>"));
        assertEquals(1, count(page, "<span data-testid=\"open-tasks\">0</span>"), "eve holds none");
        // cam's can go to ada only (eve reads, and cannot work tasks); ada's to cam only
        assertEquals(1, count(page, "action=\"/admin/team/cam/tasks\""));
        assertEquals(1, count(page, "<option value=\"ada@team-a.example\">Ada Lovelace (ada@team-a.example)</option>"));
        assertEquals(1, count(page, "<option value=\"cam@team-a.example\">Cam Okafor (cam@team-a.example)</option>"));
        // asked first, with no one chosen beforehand, counting what moves
        assertEquals(2, count(page, "<option value=\"\">Choose who takes them</option>"));
        assertEquals(1, count(page, "All 2 open tasks move at once"));
        assertEquals(1, count(page, "Their open task moves, audited."));
        assertEquals(1, count(page, ">Hand over 2 tasks<span class=\"visually-hidden\"> of Cam Okafor to the one"
                + " chosen</span></button>"));
        assertEquals(0, count(page, "action=\"/admin/team/eve/tasks\""), "nothing to hand over");

        PageClient.htmx("/admin/team").redirects().follow(false).formParam("enabled", "false")
                .post("/admin/team/cam/enabled").then().statusCode(303);
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("to", " ADA@team-a.example ")
                .post("/admin/team/cam/tasks").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=handed"));
        assertEquals("Already done=cam@team-a.example/done, Call the sponsor=ada@team-a.example/open,"
                + " Renewal call=ada@team-a.example/open, Send the QBR deck=ada@team-a.example/open",
                assignees(TENANT));
        assertEquals("Not theirs=cam@team-a.example/open", assignees(OTHER));
        assertEquals("Task \"Call the sponsor\" on ACC-1 assigned to ada@team-a.example (handed over from"
                + " cam@team-a.example) | Task \"Send the QBR deck\" on ACC-2 assigned to ada@team-a.example"
                + " (handed over from Cam@Team-A.example)", data.single(TENANT, "select string_agg(summary, ' | '"
                        + " order by summary) from audit_event where kind = 'task' and actor = 'ada'"
                        + " and summary like '%handed over%'"));
        // and each is in its account's timeline, by the admin who handed it over
        assertEquals("Call the sponsor reassigned to ada@team-a.example by ada | Send the QBR deck reassigned to"
                + " ada@team-a.example by ada", data.single(TENANT, "select string_agg(t.title || ' ' || e.event"
                        + " || ' to ' || e.assignee_email || ' by ' || e.actor, ' | ' order by t.title)"
                        + " from task_event e join task t on t.id = e.task_id where e.event = 'reassigned'"));
        given().get("/admin/team?done=handed").then().statusCode(200)
                .body(containsString("Open tasks handed over"))
                .body(containsString("<span data-testid=\"open-tasks\">3</span> <span class=\"count-bad\">"
                        + "(1 overdue)</span>"))
                .body(not(containsString("action=\"/admin/team/cam/tasks\"")));
        // the same form sent again (a second click, another tab): nothing left to move, and it says so
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("to", "ada@team-a.example")
                .post("/admin/team/cam/tasks").then().statusCode(303)
                .header("Location", containsString("/admin/team?done=nothing-handed"));
        given().get("/admin/team?done=nothing-handed").then().body(containsString("Nothing was handed over: they"
                + " have no open task now."));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void onlyAnotherEnabledCsmOrAdminOfTheTeamTakesThemAndNothingMovesOtherwise() {
        String before = assignees(TENANT);
        String refused = PageClient.htmx("/admin/team").formParam("to", "eve@team-a.example")
                .post("/admin/team/cam/tasks").then().statusCode(422).extract().asString();
        // said at the top, and tied to the row's choice, open again, which takes the focus
        assertEquals(1, count(refused, "<p id=\"team-error\" class=\"form-error\" role=\"alert\" tabindex=\"-1\">"
                + "Nothing changed: Choose an enabled CSM or admin of the team to take the open tasks"));
        assertEquals(1, count(refused, "<details class=\"confirm handover\" open>"), "cam's hand-over only");
        assertEquals(1, count(refused, "name=\"to\" required aria-invalid=\"true\" aria-describedby=\"team-error\""
                + " autofocus>"));
        assertTrue(refused.indexOf("action=\"/admin/team/cam/tasks\"") > refused.indexOf("handover\" open>"));
        assertEquals(1, count(refused, "autofocus"), "one thing focused");
        // eve has nothing to hand over, so no choice to tie it to: the message at the top takes the focus
        PageClient.htmx("/admin/team").post("/admin/team/eve/tasks").then().statusCode(422)
                .body(containsString("role=\"alert\" tabindex=\"-1\" autofocus>Nothing changed: Choose an enabled"));
        PageClient.htmx("/admin/team").formParam("to", "gia@team-b.example").post("/admin/team/cam/tasks")
                .then().statusCode(422).body(containsString("Choose an enabled CSM or admin"));
        PageClient.htmx("/admin/team").formParam("to", "cam@team-a.example").post("/admin/team/cam/tasks")
                .then().statusCode(422).body(containsString("Choose someone other than Cam Okafor"));
        PageClient.htmx("/admin/team").post("/admin/team/cam/tasks").then().statusCode(422);
        // another tenant's member looks like nobody
        PageClient.htmx("/admin/team").formParam("to", "ada@team-a.example").post("/admin/team/gia/tasks")
                .then().statusCode(404);
        // a disabled member takes nothing
        PageClient.htmx("/admin/team").redirects().follow(false).formParam("enabled", "false")
                .post("/admin/team/cam/enabled").then().statusCode(303);
        PageClient.htmx("/admin/team").formParam("to", "cam@team-a.example").post("/admin/team/ada/tasks")
                .then().statusCode(422);
        assertEquals(before, assignees(TENANT));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT) })
    void aCsmCannotHandOverAnyonesTasks() {
        String before = assignees(TENANT);
        PageClient.htmx("/tasks").formParam("to", "cam@team-a.example").post("/admin/team/ada/tasks")
                .then().statusCode(403);
        assertEquals(before, assignees(TENANT));
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }
}
