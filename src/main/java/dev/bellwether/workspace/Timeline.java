package dev.bellwether.workspace;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.LoggedActivities;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * An account's timeline: notes, activities (imported and logged), alerts opened and acted on, tasks
 * created and done, band changes, MRR movements, tickets and survey responses, newest first, filtered
 * by kind and paged. Each kind gives at most the entries the page needs; they are merged here. Entries of
 * one instant (a playbook run's tasks, a recalculation's alerts, a day's activities) keep one order from
 * page to page: each kind's query breaks ties by a unique key, and the merge is stable.
 */
@ApplicationScoped
public class Timeline {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    static final int MAX_PAGE = 1000;
    /** The deepest a page may reach (page × limit): each kind is read up to there and merged in memory. */
    static final int MAX_DEPTH = 10_000;
    private static final int DETAIL_MAX = 2_000;

    /**
     * One entry (docs/api.md): when, what kind, a title, a detail (may be null) and by whom (may be null); for a note
     * or an activity logged in Bellwether, {@code dated}: the day its author gave it (not in the API, whose
     * {@code at} says when it was logged on that day).
     */
    public record Entry(Instant at, TimelineKind kind, String title, String detail, String by,
            @JsonIgnore LocalDate dated) {

        public Entry(Instant at, TimelineKind kind, String title, String detail, String by) {
            this(at, kind, title, detail, by, null);
        }

        /** Whether only the entry's day is known (it is at 00:00 UTC), so a page shows the day alone. */
        public boolean dayOnly() {
            return at.getEpochSecond() % 86_400 == 0 && at.getNano() == 0;
        }

        /**
         * Whether it was logged at a moment whose UTC day is not the day its author gave it (yesterday's call
         * logged this morning in London, today's in Sydney): a page shows the author's day, then when it was logged.
         */
        public boolean loggedOnAnotherDay() {
            return dated != null && !dayOnly() && !dated.equals(LocalDate.ofInstant(at, ZoneOffset.UTC));
        }
    }

    /** What to show: kinds (never empty), entries per page, the page (from 1). */
    public record Query(Set<TimelineKind> kinds, int limit, int page) {

        /** Reads the query parameters; 422 with what is wrong. */
        public static Query parse(String limit, String page, List<String> kinds) {
            Body.Query query = new Body.Query();
            int size = query.integer("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
            int number = query.integer("page", page, 1, MAX_PAGE, 1);
            Set<TimelineKind> chosen = EnumSet.noneOf(TimelineKind.class);
            for (String value : kinds == null ? List.<String>of() : kinds) {
                for (String word : value.split(",")) {
                    if (word.isBlank()) {
                        continue;
                    }
                    TimelineKind.of(word.strip()).ifPresentOrElse(chosen::add, () -> query.error("kind",
                            "kind must be among " + TimelineKind.words()));
                }
            }
            if (query.valid() && (long) size * number > MAX_DEPTH) {
                query.error("page", "page × limit may be at most " + MAX_DEPTH + ": the timeline goes back "
                        + MAX_DEPTH + " entries (page " + MAX_DEPTH / size + " at this limit)");
            }
            query.check();
            return new Query(chosen.isEmpty() ? EnumSet.allOf(TimelineKind.class) : chosen, size, number);
        }

        public boolean all() {
            return kinds.size() == TimelineKind.values().length;
        }
    }

    /** A page of entries and whether there are more after it. */
    public record Result(List<Entry> entries, boolean more) {
    }

    @Inject
    WorkspaceAccounts accounts;

    @Inject
    Database database;

    @Inject
    CurrentUser user;

    /** The page {@code query} asks for; 404 for an account the tenant does not have. */
    @Transactional
    public Result of(String accountId, Query query) {
        accounts.require(accountId);
        int wanted = query.page() * query.limit() + 1;
        List<Entry> entries = new ArrayList<>();
        for (TimelineKind kind : query.kinds()) {
            entries.addAll(read(kind, accountId, wanted));
        }
        entries.sort(Comparator.comparing(Entry::at).reversed().thenComparing(Entry::kind));
        int from = Math.min(entries.size(), (query.page() - 1) * query.limit());
        int to = Math.min(entries.size(), from + query.limit());
        boolean deeper = (long) (query.page() + 1) * query.limit() <= MAX_DEPTH;
        return new Result(List.copyOf(entries.subList(from, to)), entries.size() > to && deeper);
    }

    private List<Entry> read(TimelineKind kind, String accountId, int limit) {
        return switch (kind) {
            case NOTE -> notes(accountId, limit, "type = 'note'", TimelineKind.NOTE);
            case ACTIVITY -> {
                List<Entry> logged = new ArrayList<>(notes(accountId, limit,
                        "type <> 'note' and " + LoggedActivities.NOT_MOVED, TimelineKind.ACTIVITY));
                // a logged activity's copy moved here by an import stands for it: it brings the logged one's text
                logged.addAll(database.query("""
                        select occurred_at, type,""" + " "
                        + named("csm_email", "lower(u.email) = lower(csm_email)") + """
                             , (select nullif(n.body, '') from account_note n where n.tenant_id = activity.tenant_id
                                  and '""" + LoggedActivities.PREFIX + """
                        ' || n.id::text = activity.activity_id) as body
                        from activity where tenant_id = ? and account_id = ? and""" + " "
                        + LoggedActivities.NOT_A_COPY + """
                        order by occurred_at desc, activity_id desc limit ?""",
                        row -> new Entry(day(row.localDate("occurred_at")), TimelineKind.ACTIVITY,
                                NoteType.label(row.string("type"))
                                        + " (imported)", row.string("body"), row.string("who")),
                        TenantContext.require(), accountId, limit));
                yield logged;
            }
            case ALERT -> database.query("""
                    select e.*,""" + " " + named("e.actor", "u.username = e.actor") + """
                    from (
                      select opened_at as at, 'opened' as event, 0 as ord, id, rule, opened_detail as detail,
                             null as actor
                      from alert where account_id = ?
                      union all
                      select acknowledged_at, 'acknowledged', 1, id, rule, acknowledged_note, acknowledged_by
                      from alert where account_id = ? and acknowledged_at is not null
                      union all
                      select resolved_at, 'resolved', 2, id, rule, resolved_note, resolved_by from alert
                      where account_id = ? and resolved_at is not null) e
                    order by at desc, id desc, ord desc limit ?""",
                    row -> new Entry(row.instant("at"), TimelineKind.ALERT, "Alert " + row.string("event") + ": "
                            + AlertRule.label(row.string("rule")),
                            clip(row.string("detail")), row.string("who")), accountId, accountId, accountId, limit);
            // each as it happened (task_event, V58): the due day and assignee it left, not the task's today
            case TASK -> database.query("""
                    select e.at, e.event, t.title, e.due_date, e.assignee_email,""" + " "
                    + named("e.actor", "u.username = e.actor") + """
                    from task_event e join task t on t.tenant_id = e.tenant_id and t.id = e.task_id
                    where e.account_id = ?
                    order by e.at desc, t.step desc nulls last, t.id desc, e.seq desc limit ?""",
                    row -> new Entry(row.instant("at"), TimelineKind.TASK,
                            "Task " + row.string("event") + ": " + row.string("title"),
                            "Due " + row.localDate("due_date") + (row.string("assignee_email") == null ? ""
                                    : ", assigned to " + row.string("assignee_email")), row.string("who")),
                    accountId, limit);
            case BAND -> bands(accountId, limit);
            case MRR -> mrr(accountId, limit);
            case TICKET -> database.query("""
                    select * from (
                      select opened_at as at, 'opened' as event, 0 as ord, ticket_id, priority from ticket
                      where tenant_id = ? and account_id = ?
                      union all
                      select resolved_at, 'resolved', 1, ticket_id, priority from ticket
                      where tenant_id = ? and account_id = ? and resolved_at is not null) e
                    order by at desc, ticket_id desc, ord desc limit ?""",
                    row -> new Entry(row.instant("at"), TimelineKind.TICKET,
                            "Ticket " + row.string("ticket_id") + " " + row.string("event"),
                            row.string("priority") == null ? null : "Priority " + row.string("priority"), null),
                    TenantContext.require(), accountId, TenantContext.require(), accountId, limit);
            case SURVEY -> database.query("""
                    select responded_at, type, score, comment from survey_response where tenant_id = ?
                      and account_id = ?
                    order by responded_at desc, response_id desc limit ?""",
                    row -> new Entry(day(row.localDate("responded_at")), TimelineKind.SURVEY,
                            row.string("type") + " " + row.integer("score"), row.string("comment"), null),
                    TenantContext.require(), accountId, limit);
        };
    }

    /**
     * {@code who}: the display name of the member {@code match} finds (a {@code tenant_user} {@code u}), else
     * {@code value} itself. Notes keep their author's name; tasks and alert actions stored a login name and
     * imported activities an address, so one person read as "Cam Rivera", "cam" and "cam@acme.example".
     */
    private static String named(String value, String match) {
        return "coalesce((select nullif(u.name, '') from tenant_user u where " + match
                + " order by u.username limit 1), " + value + ") as who\n";
    }

    private List<Entry> notes(String accountId, int limit, String types, TimelineKind kind) {
        return database.query("""
                select case when occurred_at between (created_at at time zone 'UTC' - interval '12 hours')::date
                                                 and (created_at at time zone 'UTC' + interval '14 hours')::date
                            then created_at -- logged on its day somewhere on Earth (UTC-12 to UTC+14): when it was
                            else occurred_at::timestamp at time zone 'UTC' end as at,
                       occurred_at, type, body, attendees, coalesce(author_name, author) as actor
                from account_note where account_id = ?""" + " and " + types
                + " order by at desc, created_at desc, id desc limit ?",
                row -> new Entry(row.instant("at"), kind, label(row),
                        row.string("body").isEmpty() ? null : row.string("body"), row.string("actor"),
                        row.localDate("occurred_at")),
                accountId, limit);
    }

    private static String label(Row row) {
        String type = NoteType.label(row.string("type"));
        String attendees = row.string("attendees");
        return attendees == null ? type : type + " with " + attendees;
    }

    private List<Entry> bands(String accountId, int limit) {
        Map<YearMonth, String> byMonth = new LinkedHashMap<>();
        database.query("select month, band from account_month where account_id = ? order by month", row -> {
            byMonth.put(YearMonth.from(row.localDate("month")), row.string("band"));
            return null;
        }, accountId);
        return newest(Movements.bands(byMonth), TimelineKind.BAND, limit);
    }

    private List<Entry> mrr(String accountId, int limit) {
        Map<YearMonth, Double> byMonth = new LinkedHashMap<>();
        database.query("select month, mrr from mrr where tenant_id = ? and account_id = ? order by month", row -> {
            byMonth.put(YearMonth.from(row.localDate("month")), row.doubleValue("mrr"));
            return null;
        }, TenantContext.require(), accountId);
        YearMonth last = database.first("select reporting_month from tenant_snapshot",
                row -> row.localDate("reporting_month") == null ? null
                        : YearMonth.from(row.localDate("reporting_month")))
                .orElse(null);
        // the organisation's currency named: every other amount the page shows has its symbol
        return newest(Movements.mrr(byMonth, last, user.getCurrency()), TimelineKind.MRR, limit);
    }

    private static List<Entry> newest(List<Movements.Movement> movements, TimelineKind kind, int limit) {
        List<Entry> entries = new ArrayList<>();
        for (int i = movements.size() - 1; i >= 0 && entries.size() < limit; i--) {
            Movements.Movement m = movements.get(i);
            entries.add(new Entry(day(m.month().atDay(1)), kind, m.title(), m.detail(), null));
        }
        return entries;
    }

    private static Instant day(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static String clip(String text) {
        return text == null ? null : Text.abbreviate(text, DETAIL_MAX);
    }
}
