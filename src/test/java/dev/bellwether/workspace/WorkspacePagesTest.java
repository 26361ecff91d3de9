package dev.bellwether.workspace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.PageClient;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;

/** The workspace on the pages: notes on the timeline (escaped), tasks worked inline, playbooks defined; roles. */
@QuarkusTest
class WorkspacePagesTest {

    @Inject
    TestTenants testTenants;

    static final String TENANT = "workspace-pages";
    static final String CAM = "cam@workspace-pages.example";

    @Inject
    Recalculations recalculations;

    @Inject
    TenantData data;

    @BeforeEach
    void sample() {
        // only the platform operator creates tenants: this test's fixed tenants are created first
        testTenants.ensure(TENANT);
        recalculations.loadSample(TENANT);
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = CAM),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aCsmLogsANoteAndWorksATaskFromTheAccountAndTheCsmPage() {
        // a CSM reads a playbook's steps, one day said as one
        data.single(TENANT, "insert into playbook (tenant_id, key, name, trigger, steps) values ('" + TENANT + "',"
                + " 'one-day', 'One day', 'manual', '[{\"title\": \"Call\", \"dueInDays\": 0}, {\"title\":"
                + " \"Write\", \"dueInDays\": 1}, {\"title\": \"Meet\", \"dueInDays\": 7}]')"
                + " on conflict do nothing returning 1");
        given().get("/admin/playbooks/one-day").then().statusCode(200)
                .body(containsString("<li>Call <span class=\"muted\">(due the same day)</span></li><li>Write <span"
                        + " class=\"muted\">(due after 1 day)</span></li><li>Meet <span class=\"muted\">(due after 7"
                        + " days)</span></li>"));
        given().get("/accounts/ACC-00019").then().statusCode(200)
                .body(containsString("hx-get=\"/accounts/ACC-00019/workspace/timeline\""))
                .body(containsString("hx-get=\"/accounts/ACC-00019/workspace/tasks\""))
                .body(containsString("<p id=\"work-status\" class=\"visually-hidden\" role=\"status\"></p>"));
        // "Older entries" keeps every kind chosen, not the first alone
        given().get("/accounts/ACC-00016/workspace/timeline?kind=ticket,survey,mrr,band,activity").then()
                .statusCode(200).body(org.hamcrest.Matchers.matchesPattern("(?s).*Older entries.*"))
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*workspace/timeline\\?kind=activity(%2C|,)band"
                        + "(%2C|,)mrr(%2C|,)ticket(%2C|,)survey&amp;page=2\".*"))
                .body(not(containsString("Newer entries")));
        // and a later page leads back to the one before it
        given().get("/accounts/ACC-00016/workspace/timeline?kind=ticket,survey,mrr,band,activity&page=2").then()
                .statusCode(200).body(org.hamcrest.Matchers.matchesPattern("(?s).*workspace/timeline\\?kind=activity"
                        + "(%2C|,)band(%2C|,)mrr(%2C|,)ticket(%2C|,)survey\"[^>]*>Newer entries</a>.*"));
        given().get("/csm").then().statusCode(200).body(containsString("hx-get=\"/tasks/panel\""))
                .body(containsString("hx-get=\"/tasks/tile\""));

        given().formParam("type", "note").formParam("body", "x").post("/accounts/ACC-00019/workspace/notes").then()
                .statusCode(403);
        PageClient.htmx("/csm").formParam("type", "note").formParam("occurredAt", "")
                .formParam("body", "Sponsor said <script>alert(1)</script> & left")
                .post("/accounts/ACC-00019/workspace/notes").then().statusCode(200)
                .body(startsWith("<section id=\"timeline\""))
                .body(containsString("Note logged."))
                .body(containsString("Sponsor said &lt;script&gt;alert(1)&lt;/script&gt; &amp; left"))
                .body(not(containsString("<script>alert(1)")));
        PageClient.htmx("/csm").formParam("type", "note").formParam("body", "").formParam("occurredAt", "2999-01-01")
                .post("/accounts/ACC-00019/workspace/notes").then().statusCode(200)
                .body(containsString("<li id=\"note-error-body\">A note needs some text</li>"))
                .body(containsString("<li id=\"note-error-occurredAt\">The date must lie between "))
                .body(containsString("aria-invalid=\"true\" aria-describedby=\"note-error-body\""))
                .body(containsString("aria-invalid=\"true\" aria-describedby=\"note-error-occurredAt\""));
        given().get("/accounts/ACC-00019/workspace/timeline?kind=note").then().statusCode(200)
                .body(containsString("Sponsor said &lt;script&gt;"));
        // the page's pages are of 25: page 201 is within the timeline's 10,000 entries (at the API's 50 it is not)
        given().header("HX-Request", "true").get("/accounts/ACC-00019/workspace/timeline?kind=note&page=201").then()
                .statusCode(200).body(containsString("aria-current=\"true\">Notes<"))
                .body(not(containsString("Sponsor said")));
        // beyond the timeline's depth: the first page, still of notes alone; a kind it does not know is refused
        given().header("HX-Request", "true").get("/accounts/ACC-00019/workspace/timeline?kind=note&page=401").then()
                .statusCode(200).body(containsString("aria-current=\"true\">Notes<"))
                .body(containsString("Sponsor said &lt;script&gt;"));
        given().get("/accounts/ACC-00019/workspace/timeline?kind=notes").then().statusCode(400)
                .body(containsString("There is no kind of timeline entry called &quot;notes&quot;: choose among"
                        + " note,"));

        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        String panel = PageClient.htmx("/csm").formParam("title", "Call the <b>sponsor</b>")
                .formParam("dueDate", yesterday.toString()).formParam("assigneeEmail", "")
                .post("/accounts/ACC-00019/workspace/tasks").then().statusCode(200)
                .header("HX-Trigger", "tasksChanged")
                .body(allOf(startsWith("<section id=\"account-tasks\""), containsString("Task added"),
                        containsString("Call the &lt;b&gt;sponsor&lt;/b&gt;"), containsString("overdue")))
                .extract().asString();
        assertTrue(panel.contains("chloe.martin@bellwether.example"), "assigned to the account's CSM");
        assertFalse(panel.contains("No account has"), "the CSM is someone: " + panel);
        PageClient.htmx("/csm").formParam("title", "").formParam("dueDate", "")
                .post("/accounts/ACC-00019/workspace/tasks").then().statusCode(200)
                // in the form's words, each tied to its field
                .body(containsString("<li id=\"task-error-title\">The task is required</li>"))
                .body(containsString("<li id=\"task-error-dueDate\">The due date is required</li>"))
                .body(containsString("aria-invalid=\"true\" aria-describedby=\"task-error-title\""))
                .body(containsString("aria-invalid=\"true\" aria-describedby=\"task-error-dueDate\""))
                .body(not(containsString("aria-describedby=\"task-error-assigneeEmail\"")));
        String id = data.single(TENANT, "select id from task where title = 'Call the <b>sponsor</b>'");
        PageClient.htmx("/csm").formParam("action", "reassign").formParam("assigneeEmail", CAM)
                .post("/tasks/" + id + "?from=account").then().statusCode(200)
                .body(containsString("assigned to " + CAM));
        // any address may be assigned, as the import takes any CSM; one that reaches nobody is said to
        PageClient.htmx("/csm").formParam("action", "reassign").formParam("assigneeEmail", "Cam@Acme.Exmaple")
                .post("/tasks/" + id + "?from=account").then().statusCode(200)
                .body(containsString("assigned to cam@acme.exmaple. No account has cam@acme.exmaple as its CSM and no"
                        + " one who signs in has that address: check it"));
        // someone who signed in but was disabled or removed since reaches nobody either
        data.single(TENANT, "insert into tenant_user (tenant_id, username, email, roles, switched_off_at) values ('"
                + TENANT + "', 'left-" + id + "', 'left-" + id + "@acme.example', '{csm}', now()) returning 1");
        PageClient.htmx("/csm").formParam("action", "reassign").formParam("assigneeEmail", "left-" + id
                + "@acme.example").post("/tasks/" + id + "?from=account").then().statusCode(200)
                .body(containsString("as its CSM and no one who signs in has that address: check it"));
        PageClient.htmx("/csm").formParam("action", "reassign").formParam("assigneeEmail", "Chloe.Martin@bellwether"
                + ".example").post("/tasks/" + id + "?from=account").then().statusCode(200)
                .body(containsString("assigned to chloe.martin@bellwether.example.")).body(not(containsString(
                        "No account has")));
        PageClient.htmx("/csm").formParam("action", "reassign").formParam("assigneeEmail", CAM)
                .post("/tasks/" + id + "?from=account").then().statusCode(200);

        // a refusal reads as one (it was the green "done" sentence), and nothing changed for other panels to follow
        PageClient.htmx("/csm").formParam("action", "reschedule").formParam("dueDate", "someday")
                .post("/tasks/" + id + "?from=account").then().statusCode(422)
                .header("HX-Trigger", org.hamcrest.Matchers.nullValue())
                .body(containsString("<p id=\"account-tasks-error\" class=\"flash-error\" role=\"alert\">&quot;Call the"
                        + " &lt;b&gt;sponsor&lt;/b&gt;&quot;: The due date must be a date as YYYY-MM-DD"))
                // the task's fold is drawn open on what was sent, marked and tied to the message; no other is
                .body(containsString("value=\"someday\" required aria-invalid=\"true\" aria-describedby=\""
                        + "account-tasks-error\" autofocus>"))
                .body(not(containsString("value=\"" + CAM + "\" aria-invalid")));
        String refused = PageClient.htmx("/csm").formParam("action", "reassign")
                .formParam("assigneeEmail", "c".repeat(513))
                .post("/tasks/" + id + "?from=account").then().statusCode(422)
                .body(containsString("value=\"" + "c".repeat(513) + "\" aria-invalid=\"true\" aria-describedby=\""
                        + "account-tasks-error\" autofocus>")).extract().asString();
        assertEquals(1, refused.split("<details class=\"task-more\" open>", -1).length - 1, refused);
        assertEquals(1, refused.split(" data-refused>", -1).length - 1, "only the refused form holds typing");
        PageClient.htmx("/csm").formParam("action", "reschedule").formParam("dueDate", "someday")
                .post("/tasks/" + id + "?from=panel").then().statusCode(422)
                .body(containsString("<p id=\"my-tasks-error\" class=\"flash-error\" role=\"alert\">&quot;Call the"
                        + " &lt;b&gt;sponsor&lt;/b&gt;&quot;: The due date must be a date as YYYY-MM-DD"))
                .body(containsString("value=\"someday\" required aria-invalid=\"true\" aria-describedby=\""
                        + "my-tasks-error\" autofocus>"));
        // the address's id is looked up as written: a space after it is no account, and nothing is added (the task
        // was saved, and then the answer said the account was not found)
        PageClient.htmx("/csm").formParam("title", "Spaced").formParam("dueDate", LocalDate.now(ZoneOffset.UTC)
                .toString()).post("/accounts/ACC-00019 /workspace/tasks").then().statusCode(404);
        assertEquals("0", data.single(TENANT, "select count(*) from task where title = 'Spaced'"));
        PageClient.htmx("/csm").formParam("playbook", "no-such-play")
                .post("/accounts/ACC-00019/workspace/playbook-runs").then().statusCode(200)
                .header("HX-Trigger", org.hamcrest.Matchers.nullValue())
                // said beside the choice that was refused, not above the whole task list
                .body(containsString("aria-invalid=\"true\" aria-describedby=\"run-playbook-error\""))
                // playbooks cannot be deleted: the words said one was, meanwhile
                .body(containsString("<p id=\"run-playbook-error\" class=\"field-error\" role=\"alert\">There is"
                        + " no playbook no-such-play: choose another.</p>"))
                .body(not(containsString("<p class=\"flash-error\"")));
        // every playbook disabled meanwhile: there is no choice to say it beside, so it is said above the list
        String enabled = data.single(TENANT, "with x as (update playbook set enabled = false where enabled"
                + " returning key) select string_agg(key, ',') from x");
        try {
            PageClient.htmx("/csm").formParam("playbook", "renewal-push")
                    .post("/accounts/ACC-00019/workspace/playbook-runs").then().statusCode(200)
                    .body(containsString("<p class=\"flash-error\" role=\"alert\">"))
                    .body(containsString("disabled"))
                    .body(not(containsString("run-playbook-error")));
        } finally {
            data.single(TENANT, "with x as (update playbook set enabled = true where key = any(string_to_array('"
                    + enabled + "', ',')) returning 1) select count(*) from x");
        }
        PageClient.htmx("/csm").formParam("action", "reschedule").formParam("dueDate", yesterday.toString())
                .post("/tasks/" + id + "?from=account").then().statusCode(200)
                .header("HX-Trigger", containsString("tasksChanged"))
                .body(containsString("<p class=\"flash\" role=\"status\">"))
                .body(not(containsString("#work-status")))
                .body(containsString("now due " + yesterday));
        String mine = given().get("/tasks/panel").then().statusCode(200).extract().asString();
        assertTrue(mine.contains("Call the &lt;b&gt;sponsor&lt;/b&gt;"), mine);
        // the link says what it opens, not only a number
        given().get("/tasks/tile").then().statusCode(200).body(containsString("data-testid=\"tile-overdue-tasks\"><a"
                + " href=\"/tasks\" class=\"count-bad\" aria-label=\"My overdue tasks: 1. Open my tasks\">1</a>"));
        PageClient.htmx("/csm").formParam("action", "complete").post("/tasks/" + id + "?from=panel").then()
                .statusCode(200).body(startsWith("<section id=\"my-tasks\"")).body(containsString("done."));
        given().get("/tasks/tile").then().body(containsString("data-testid=\"tile-overdue-tasks\">0<"));
        assertEquals("done", data.single(TENANT, "select status from task where id = '" + id + "'"));
        given().get("/tasks").then().statusCode(200).body(containsString("My tasks"));
    }

    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = CAM),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void withoutJavaScriptEachPanelIsAPageAndAPostAnswersWithARedirectSoAReloadDoesNotPostAgain() {
        String account = "/accounts/ACC-00007";
        // the account page's links open the panels as pages of their own, in the layout
        given().get(account + "/workspace/timeline").then().statusCode(200).body(containsString("<title>Timeline"))
                .body(containsString("<h1>Timeline of ACC-00007</h1>")).body(containsString("Back to the account"))
                .body(containsString("<section id=\"timeline\""));
        given().get(account + "/workspace/tasks").then().statusCode(200).body(containsString("<title>Tasks"))
                // the region a playbook run, once the page's scripts run, is read out from
                .body(containsString("<p id=\"work-status\" class=\"visually-hidden\" role=\"status\"></p>"));
        // htmx still gets the bare panel
        given().header("HX-Request", "true").get(account + "/workspace/tasks").then().statusCode(200)
                .body(startsWith("<section id=\"account-tasks\""));

        String notes = data.single(TENANT, "select count(*) from account_note where account_id = 'ACC-00007'");
        PageClient.form(account).formParam("type", "note").formParam("body", "Posted without JavaScript")
                .post(account + "/workspace/notes").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/timeline?done=noted"));
        assertEquals(Long.parseLong(notes) + 1, Long.parseLong(data.single(TENANT,
                "select count(*) from account_note where account_id = 'ACC-00007'")));
        given().get(account + "/workspace/timeline?done=noted").then().statusCode(200)
                .body(containsString("Note logged.")).body(not(containsString("after the recalculation")))
                .body(containsString("Posted without JavaScript"));
        // an activity counts in the contact figures, and says so: one of today once the figures (through
        // 2026-10) reach its month, one inside them after the recalculation
        PageClient.form(account).formParam("type", "call").formParam("body", "Called without JavaScript")
                .post(account + "/workspace/notes").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/timeline?done=logged_ahead"));
        given().get(account + "/workspace/timeline?done=logged_ahead").then().statusCode(200)
                .body(containsString("Logged. It counts in days since contact and the contact figures once they"
                        + " reach its month"));
        PageClient.form(account).formParam("type", "call").formParam("occurredAt", "2026-10-15")
                .formParam("body", "Called in October").post(account + "/workspace/notes").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/timeline?done=logged"));
        given().get(account + "/workspace/timeline?done=logged").then().statusCode(200)
                .body(containsString("Logged. Days since contact and the contact figures follow after the"));
        // with JavaScript, a call dated after the figures' last month says when it will count (the sample's
        // figures run through 2026-10), and one inside them that the recalculation brings it
        PageClient.htmx(account).contentType(io.restassured.http.ContentType.URLENC).formParam("type", "call")
                .formParam("occurredAt", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString())
                .formParam("body", "Called today").post(account + "/workspace/notes").then().statusCode(200)
                .body(containsString("Call logged. It counts in days since contact and the contact figures once they"
                        + " reach " + java.time.YearMonth.now(java.time.ZoneOffset.UTC) + " (they run through 2026-10,"
                        + " the latest month with data)."));
        PageClient.htmx(account).contentType(io.restassured.http.ContentType.URLENC).formParam("type", "call")
                .formParam("occurredAt", "2026-10-15").formParam("body", "Called in October")
                .post(account + "/workspace/notes").then().statusCode(200)
                .body(containsString("Call logged. Days since contact and the contact figures follow after the"
                        + " recalculation."));
        PageClient.form(account).formParam("type", "note").formParam("body", "")
                .post(account + "/workspace/notes").then().statusCode(422)
                .body(containsString("<title>Timeline")).body(containsString("A note needs some text"));

        String location = PageClient.form(account).formParam("title", "Plain form task")
                .formParam("dueDate", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString())
                .post(account + "/workspace/tasks").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/tasks?done=added")).extract().header("Location");
        String page = given().get(location).then().statusCode(200).body(containsString("Task added."))
                .body(containsString("Plain form task")).extract().asString();
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("action=\"/tasks/([0-9a-f-]{36})\\?from=account")
                .matcher(page);
        assertTrue(id.find(), "the task's forms post to /tasks/{id}");
        // refused, the page answered in its place opens the task's fold on what was typed, as htmx keeps it
        PageClient.form(location).formParam("action", "reschedule").formParam("dueDate", "1999-12-31")
                .post("/tasks/" + id.group(1) + "?from=account").then().statusCode(422)
                .body(containsString("<h1>")).body(containsString("<details class=\"task-more\" open>"))
                .body(containsString("value=\"1999-12-31\" required aria-invalid=\"true\" aria-describedby=\""
                        + "account-tasks-error\" autofocus>"));
        PageClient.form(location).formParam("action", "complete").post("/tasks/" + id.group(1) + "?from=account")
                .then().statusCode(303).header("Location", endsWith(account + "/workspace/tasks?done=changed"));
        PageClient.form("/tasks").formParam("action", "reschedule").formParam("dueDate", "someday")
                .post("/tasks/" + id.group(1) + "?from=page").then().statusCode(422)
                .body(containsString("<h1>My tasks</h1>"));
        given().get("/tasks?done=changed").then().statusCode(200).body(containsString("Task updated."));
        // an assignee that reaches nobody is said without JavaScript too
        PageClient.form(location).formParam("action", "reassign").formParam("assigneeEmail", "nobody@nowhere.example")
                .post("/tasks/" + id.group(1) + "?from=account").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/tasks?done=changed_unreached"));
        given().get(account + "/workspace/tasks?done=changed_unreached").then().statusCode(200)
                .body(containsString("Task updated. No account has its assignee as CSM and no one who signs in has"
                        + " that address: check it"));
        // reopened, its assignee is not doubted again: that is said of a reassignment only, as the panel says it
        PageClient.form(location).formParam("action", "reopen").post("/tasks/" + id.group(1) + "?from=account")
                .then().statusCode(303).header("Location", endsWith(account + "/workspace/tasks?done=changed"));
        PageClient.form(account).formParam("title", "Typo task").formParam("assigneeEmail", "nobody@nowhere.example")
                .formParam("dueDate", java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).toString())
                .post(account + "/workspace/tasks").then().statusCode(303)
                .header("Location", endsWith(account + "/workspace/tasks?done=added_unreached"));
        given().get("/tasks?done=%3Cscript%3E").then().statusCode(200).body(not(containsString("<script>")));
    }

    @Test
    @TestSecurity(user = "kim", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT),
            @Claim(key = "email", value = "kim@workspace-pages.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void myTasksCountsEveryOpenTaskAndLinksToThemAllWhenThePanelIsFull() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 22; i++) {
            createTask("ACC-00019", "Task " + i, today.plusDays(i - 2), "kim@workspace-pages.example");
        }
        String panel = given().get("/tasks/panel").then().statusCode(200).extract().asString();
        assertTrue(panel.contains("My tasks <span class=\"muted\">(22, <span class=\"count-bad\""
                + " data-testid=\"my-overdue\">2 overdue</span>)"), panel);
        assertEquals(20, panel.split("<li class=\"task-item", -1).length - 1, "the panel lists the 20 due first");
        assertTrue(panel.contains("<a href=\"/tasks\">All 22 open tasks</a>"), panel);
        // new figures can bring tasks (a playbook an alert started): the panel reloads itself then
        assertTrue(panel.contains("hx-get=\"/tasks/panel\" hx-trigger=\"recalculated from:body\""), panel);
        given().get("/tasks").then().statusCode(200).body(not(containsString("my-tasks-more")))
                .body(not(containsString("hx-trigger=\"recalculated from:body\"")));
    }

    @Test
    @TestSecurity(user = "kim", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT),
            @Claim(key = "email", value = "kim@workspace-pages.example"),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void anAccountsTasksPanelCountsEveryOpenTaskAndSaysWhenItListsOnlySome() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (int i = 0; i < 63; i++) {
            String id = createTask("ACC-00021", "Task " + i, today.plusDays(i), null);
            if (i % 7 == 0) {
                given().contentType(io.restassured.http.ContentType.JSON).body("{\"status\":\"done\"}")
                        .patch("/api/v1/tasks/" + id).then().statusCode(200);
            }
        }
        String panel = given().header("HX-Request", "true").get("/accounts/ACC-00021/workspace/tasks").then()
                .statusCode(200).extract().asString();
        assertTrue(panel.contains("Tasks <span class=\"muted\">(54 open)</span>"), "63 tasks, 9 of them done");
        assertEquals(50, panel.split("<li class=\"task-item", -1).length - 1);
        assertTrue(panel.contains("The first 50 of 63 tasks"), panel);
        assertTrue(panel.contains("hx-get=\"/accounts/ACC-00021/workspace/tasks\" hx-trigger=\"recalculated"
                + " from:body\""), "reloaded when new figures arrive");
    }

    /** Creates a task on {@code account} through the API, assigned to {@code assignee} when not null; its id. */
    private static String createTask(String account, String title, java.time.LocalDate due, String assignee) {
        return given().contentType(io.restassured.http.ContentType.JSON).body("{\"accountId\":\"" + account
                + "\",\"title\":\"" + title + "\",\"dueDate\":\"" + due + "\""
                + (assignee == null ? "" : ",\"assigneeEmail\":\"" + assignee + "\"") + "}")
                .post("/api/v1/tasks").then().statusCode(201).extract().path("id");
    }

    @Test
    @TestSecurity(user = "eve", roles = "executive")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void executivesReadTheWorkspaceButGetNoFormsAndCannotWrite() {
        given().get("/accounts/ACC-00019/workspace/timeline").then().statusCode(200)
                .body(containsString("Timeline")).body(not(containsString("Log a note")));
        given().get("/accounts/ACC-00019/workspace/tasks").then().statusCode(200)
                .body(not(containsString("Add a task")));
        given().get("/admin/playbooks").then().statusCode(200).body(not(containsString("New playbook")));
        PageClient.htmx("/executive").formParam("title", "x").formParam("dueDate", "2030-01-01")
                .post("/accounts/ACC-00019/workspace/tasks").then().statusCode(403);
        PageClient.htmx("/executive").formParam("name", "x").post("/admin/playbooks").then().statusCode(403);
        given().get("/accounts/ACC-NOPE/workspace/timeline").then().statusCode(404);
        // a task or an alert changed on the account page puts entries on its timeline: the panel reloads itself
        given().header("HX-Request", "true").get("/accounts/ACC-00019/workspace/timeline?kind=alert&page=2").then()
                .statusCode(200).body(containsString("<section id=\"timeline\" class=\"card workspace-timeline\""
                        + " aria-labelledby=\"timeline-heading\" hx-get=\"/accounts/ACC-00019/workspace/timeline?kind="
                        + "alert&amp;page=2\"\n         hx-trigger=\"tasksChanged from:body, alertsChanged"
                        + " from:body, recalculated from:body\""));
        // new figures reload the account's alerts with the summary's count
        given().header("HX-Request", "true").get("/accounts/ACC-00019/alerts").then().statusCode(200)
                .body(containsString("<dd id=\"open-alerts\" hx-swap-oob=\"true\">"));
    }

    @Test
    @TestSecurity(user = "ada", roles = "admin")
    @OidcSecurity(claims = @Claim(key = "tenant", value = TENANT))
    void anAdminDefinesAPlaybookOnItsPageAndSeesItsOutcomes() {
        given().get("/admin").then().statusCode(200).body(containsString("href=\"/admin/playbooks\""));
        PageClient.htmx("/admin/playbooks").formParam("key", "renewal-push").formParam("name", "Renewal push")
                .formParam("trigger", "manual").formParam("enabled", "on")
                .formParam("stepTitle", "Confirm the decision maker", "Send the quote", "")
                .formParam("stepDue", "0", "-3", "")
                .post("/admin/playbooks").then().statusCode(422)
                // the row as the form numbers it (the API's steps[1] is the second)
                .body(containsString("Step 2: due in days must be from 0 to 365 days, not -3"))
                // and that row's field marked, pointing at the problems; the others not
                .body(containsString("<input id=\"step-due-1\" name=\"stepDue\" type=\"number\" min=\"0\""
                        + " max=\"365\" value=\"-3\" aria-invalid=\"true\" aria-describedby=\"playbook-problems\">"))
                .body(containsString("<input id=\"step-due-0\" name=\"stepDue\" type=\"number\" min=\"0\""
                        + " max=\"365\" value=\"0\">"));
        // a blank row before it is left out, and the form drawn again without it: the numbers still match
        PageClient.htmx("/admin/playbooks").formParam("key", "renewal-push").formParam("name", "Renewal push")
                .formParam("trigger", "manual").formParam("enabled", "on")
                .formParam("stepTitle", "", "Confirm the decision maker", "")
                .formParam("stepDue", "", "", "")
                .post("/admin/playbooks").then().statusCode(422)
                .body(containsString("Step 1: due in days must be a whole number of days from 0 to 365"))
                .body(containsString("<label class=\"visually-hidden\" for=\"step-title-0\">Step 1 task</label>\n"
                        + "          <input id=\"step-title-0\" name=\"stepTitle\" type=\"text\""
                        + " value=\"Confirm the decision maker\">"));
        assertEquals("0", data.single(TENANT, "select count(*) from playbook where key = 'renewal-push'"));
        // three rows filled, three blank under them: "Add more rows" draws the form with three more, saving nothing
        String more = PageClient.htmx("/admin/playbooks").formParam("key", "renewal-push").formParam("name", "Renewal"
                + " push").formParam("trigger", "at-risk").formParam("enabled", "on")
                .formParam("stepTitle", "One", "Two", "Three").formParam("stepDue", "0", "1", "2")
                .formParam("more", "rows").post("/admin/playbooks").then().statusCode(200).extract().asString();
        assertTrue(more.contains("id=\"step-title-5\""), "six rows");
        assertFalse(more.contains("id=\"step-title-6\""), "not seven");
        assertTrue(more.contains("id=\"step-title-2\" name=\"stepTitle\" type=\"text\" value=\"Three\""), more);
        // the keyboard is on the first row added, not back at the form's top
        assertTrue(more.contains("id=\"step-title-3\" name=\"stepTitle\" type=\"text\" value=\"\" autofocus>"), more);
        assertEquals(1, more.split("autofocus", -1).length - 1, "one field has the focus");
        assertFalse(more.contains("data-testid=\"playbook-problems\""), "no problems: nothing was checked");
        // the rules' words, not their keys ("when a at-risk alert opens")
        assertTrue(more.contains("<option value=\"at-risk\" selected>when an alert opens: At risk</option>"), more);
        assertEquals("0", data.single(TENANT, "select count(*) from playbook where key = 'renewal-push'"));
        // the name, the key and the trigger are said in the form's words
        PageClient.htmx("/admin/playbooks").formParam("key", "Bad Key").formParam("name", "   ")
                .formParam("trigger", "sometimes").formParam("stepTitle", "One").formParam("stepDue", "0")
                .post("/admin/playbooks").then().statusCode(422)
                .body(containsString("<li>The name is required</li>"))
                .body(containsString("<li>The key must be 1–64 lower-case letters"))
                .body(containsString("<li>Runs must be one of the choices offered.</li>"));
        // no step at all: the table's first task is the field marked
        PageClient.htmx("/admin/playbooks").formParam("key", "no-steps").formParam("name", "No steps")
                .formParam("trigger", "manual").formParam("stepTitle", "", "").formParam("stepDue", "", "")
                .post("/admin/playbooks").then().statusCode(422)
                .body(containsString("<li>A playbook needs at least one step"))
                .body(containsString("<input id=\"step-title-0\" name=\"stepTitle\" type=\"text\" value=\"\""
                        + " aria-invalid=\"true\" aria-describedby=\"playbook-problems\">"));
        PageClient.htmx("/admin/playbooks").redirects().follow(false).formParam("key", "renewal-push")
                .formParam("name", "Renewal push").formParam("trigger", "manual").formParam("enabled", "on")
                .formParam("stepTitle", "Confirm the decision maker", "Send the quote", "")
                .formParam("stepDue", "0", "14", "")
                .post("/admin/playbooks").then().statusCode(303);
        String page = given().get("/admin/playbooks/renewal-push?saved=true").then().statusCode(200)
                .body(containsString("Playbook saved.")).body(containsString("data-testid=\"outcome-runs\">0<"))
                .extract().asString();
        Matcher steps = Pattern.compile("name=\"stepTitle\" type=\"text\" value=\"([^\"]*)\"")
                .matcher(page);
        assertTrue(steps.find());
        assertEquals("Confirm the decision maker", steps.group(1));
        given().get("/admin/playbooks").then().statusCode(200).body(containsString("Renewal push"));
        assertEquals("playbook", data.single(TENANT, "select kind from audit_event order by id desc limit 1"));
        // a refused change shows the form again for the playbook of the address, even sent without its hidden key
        PageClient.htmx("/admin/playbooks/renewal-push").formParam("name", "").formParam("trigger", "manual")
                .formParam("stepTitle", "Send the quote").formParam("stepDue", "14")
                .post("/admin/playbooks/renewal-push").then().statusCode(422)
                .body(containsString("action=\"/admin/playbooks/renewal-push\""))
                .body(containsString("name=\"key\" value=\"renewal-push\""));
        assertEquals("Renewal push", data.single(TENANT, "select name from playbook where key = 'renewal-push'"));
        // two admins with its page open: one disables it; the other, whose page still shows it enabled, renames it
        Matcher opened = Pattern.compile("name=\"openedOn\" value=\"([0-9a-f]{32})\"").matcher(page);
        assertTrue(opened.find(), page);
        given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "admin")).contentType(ContentType.JSON)
                .body("{\"name\":\"Renewal push\",\"trigger\":\"manual\",\"enabled\":false,\"steps\":["
                        + "{\"title\":\"Confirm the decision maker\",\"dueInDays\":0},"
                        + "{\"title\":\"Send the quote\",\"dueInDays\":14}]}")
                .put("/api/v1/playbooks/renewal-push").then().statusCode(200);
        PageClient.htmx("/admin/playbooks/renewal-push").formParam("name", "Renewal push, Q4")
                .formParam("trigger", "manual").formParam("enabled", "on").formParam("openedOn", opened.group(1))
                .formParam("stepTitle", "Confirm the decision maker", "Send the quote")
                .formParam("stepDue", "0", "14").post("/admin/playbooks/renewal-push").then().statusCode(409)
                .body(containsString("<li>ada saved this playbook after you opened it. Nothing was saved: open the"
                        + " playbook as it is now to see their version, then make your changes again (what you typed"
                        + " stays here until you leave).</li></ul><p><a href=\"/admin/playbooks/renewal-push\">Open the"
                        + " playbook as it is now</a></p>"))
                // the problems take the focus: the page answered in the form's place starts far above them
                .body(containsString("<div id=\"playbook-problems\" class=\"form-error\" role=\"alert\" tabindex=\"-1\""
                        + " autofocus>"))
                .body(containsString("value=\"Renewal push, Q4\""))
                .body(containsString("name=\"openedOn\" value=\"" + opened.group(1) + "\""));
        assertEquals("Renewal push false", data.single(TENANT, "select name || ' ' || enabled from playbook"
                + " where key = 'renewal-push'"));
        // reloaded, the page opens on the playbook as it is: the rename is saved, and it stays disabled
        Matcher reopened = Pattern.compile("name=\"openedOn\" value=\"([0-9a-f]{32})\"").matcher(
                given().get("/admin/playbooks/renewal-push").then().statusCode(200).extract().asString());
        assertTrue(reopened.find());
        PageClient.htmx("/admin/playbooks/renewal-push").redirects().follow(false)
                .formParam("name", "Renewal push, Q4").formParam("trigger", "manual")
                .formParam("openedOn", reopened.group(1))
                .formParam("stepTitle", "Confirm the decision maker", "Send the quote")
                .formParam("stepDue", "0", "14").post("/admin/playbooks/renewal-push").then().statusCode(303);
        assertEquals("Renewal push, Q4 false", data.single(TENANT, "select name || ' ' || enabled from playbook"
                + " where key = 'renewal-push'"));
        given().auth().oauth2(FakeKeycloak.accessToken("ada", TENANT, "admin")).contentType(ContentType.JSON)
                .body("{\"name\":\"Renewal push\",\"trigger\":\"manual\",\"enabled\":true,\"steps\":["
                        + "{\"title\":\"Confirm the decision maker\",\"dueInDays\":0},"
                        + "{\"title\":\"Send the quote\",\"dueInDays\":14}]}")
                .put("/api/v1/playbooks/renewal-push").then().statusCode(200); // enabled again, for the others
        // a playbook's task links to the playbook, whose page every role may read
        PageClient.htmx("/accounts/ACC-00019").formParam("playbook", "renewal-push")
                .post("/accounts/ACC-00019/workspace/playbook-runs").then().statusCode(200)
                .body(containsString("playbook <a href=\"/admin/playbooks/renewal-push\">renewal-push</a>"))
                // Run keeps the focus: what it did is read out from the region that stays on the account page
                .body(containsString("<span hidden hx-swap-oob=\"innerHTML:#work-status\">Playbook started"));
    }

    /**
     * Yesterday's call logged this morning in London (11:00 UTC today) is on the timeline at the moment it was
     * logged (its date was today somewhere on Earth then), but the page shows the day its author gave it first:
     * it read as a call of today. One logged on its day shows its moment alone.
     */
    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = CAM),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aCallLoggedTheDayAfterShowsItsOwnDayThenWhenItWasLogged() {
        String marker = "Call of yesterday " + java.util.UUID.randomUUID();
        data.single(TENANT, "with n as (insert into account_note (tenant_id, id, account_id, type, occurred_at, body,"
                + " author, created_at) values"
                + " ('" + TENANT + "', gen_random_uuid(), 'ACC-00031', 'call', date '2026-12-04', '" + marker
                + " A', 'cam', timestamptz '2026-12-05 11:00:00Z'),"
                + " ('" + TENANT + "', gen_random_uuid(), 'ACC-00031', 'call', date '2026-12-05', '" + marker
                + " B', 'cam', timestamptz '2026-12-05 11:30:00.123456Z') returning 1) select count(*) from n");
        String timeline = given().get("/accounts/ACC-00031/workspace/timeline?kind=activity").then().statusCode(200)
                .extract().asString();
        assertTrue(timeline.contains("<time datetime=\"2026-12-04\">4 Dec 2026</time> (logged"
                + " <time datetime=\"2026-12-05T11:00:00Z\">2026-12-05 11:00 UTC</time>)"), timeline);
        // to the millisecond: HTML takes at most three digits of a second, the clock keeps six
        assertTrue(timeline.contains("<time datetime=\"2026-12-05T11:30:00.123Z\">2026-12-05 11:30 UTC</time>"),
                "on its day: the moment alone");
    }

    /**
     * The account page keeps its timeline with the rest of its data under the pages' version: a call logged after
     * the page was last drawn shows on it at once, before the recalculation the call asks for has run.
     */
    @Test
    @TestSecurity(user = "cam", roles = "csm")
    @OidcSecurity(claims = { @Claim(key = "tenant", value = TENANT), @Claim(key = "email", value = CAM),
            @Claim(key = "email_verified", value = "true", type = ClaimType.BOOLEAN) })
    void aCallLoggedShowsOnTheAccountPageAtOnce() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        String row = "<tr><td>" + dev.bellwether.web.Formats.day(day) + "</td><td>Call</td><td class=\"small\">"
                + CAM + "</td></tr>";
        recalculations.awaitIdle(TENANT);
        String before = given().get("/accounts/ACC-00044").then().statusCode(200).extract().asString();
        assertFalse(before.contains(row), "no such call yet");
        PageClient.htmx("/accounts/ACC-00044").formParam("type", "call").formParam("occurredAt", day.toString())
                .formParam("body", "Renewal call").post("/accounts/ACC-00044/workspace/notes").then().statusCode(200);
        given().get("/accounts/ACC-00044").then().statusCode(200).body(containsString(row));
    }
}
