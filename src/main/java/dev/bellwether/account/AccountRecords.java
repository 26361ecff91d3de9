package dev.bellwether.account;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.LoggedActivities;
import dev.bellwether.platform.sql.RowMapper;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.workspace.NoteType;

/**
 * What an account's own rows say, for its 360 page: usage by week, survey responses, tickets,
 * activities and opportunities, newest first. Row-level security keeps every read in the tenant.
 */
@ApplicationScoped
public class AccountRecords {

    /** Rows of a long list the page shows; the count says how many exist, the CSV has them all. */
    static final int SHOWN = 50;

    public record UsageWeek(LocalDate week, long events, int activeUsers) {
    }

    public record Survey(LocalDate respondedAt, String type, int score, String comment) {

        /** Promoter, passive or detractor for NPS; satisfied or not for CSAT (4–5) and CES (5–7). */
        public String verdict() {
            return switch (type) {
                case "NPS" -> score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor";
                case "CSAT" -> score >= 4 ? "satisfied" : "not satisfied";
                default -> score >= 5 ? "easy" : "not easy";
            };
        }
    }

    public record Ticket(String ticketId, Instant openedAt, Instant firstResponseAt, Instant resolvedAt,
            String priority, Boolean resolvedOnFirstContact) {
    }

    public record Activity(LocalDate occurredAt, String type, String csmEmail) {

        /** The type as the log form and the timeline say it ("Onboarding session", not "onboarding"). */
        public String typeLabel() {
            return NoteType.label(type);
        }
    }

    public record Opportunity(String opportunityId, String type, double amount, String stage, LocalDate closeDate) {
    }

    /** A list's newest rows and how many there are in all. */
    public record Listed<T>(List<T> rows, int total) {

        public boolean truncated() {
            return rows.size() < total;
        }
    }

    @Inject
    Database database;

    /**
     * Events and distinct active users per ISO week (Monday) for the {@code weeks} weeks up to the last one
     * that ends by {@code until} (fewer when the account's first usage is later): whole weeks from a Monday,
     * and a week without usage as zero, so that a silence shows as one rather than being skipped. A week
     * that {@code until} cuts short is left out: its few days would read as a drop.
     */
    public List<UsageWeek> usageByWeek(String accountId, LocalDate until, int weeks) {
        LocalDate last = until.plusDays(1).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
        // not before the week of the account's first usage: weeks before it existed are not silent ones
        LocalDate first = database.one("select min(day) as first from product_usage where tenant_id = ?"
                + " and account_id = ?", row -> row.localDate("first"), TenantContext.require(), accountId);
        LocalDate earliest = last.minusWeeks(weeks - 1L);
        LocalDate from = first == null || !first.isAfter(earliest) || first.isAfter(last) ? earliest
                : first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        return database.query("""
                select w.week::date as week, coalesce(u.events, 0) as events,
                       coalesce(u.active_users, 0) as active_users
                from generate_series(?::date, ?::date, interval '1 week') as w(week)
                left join (select date_trunc('week', day)::date as week, sum(events) as events,
                                  count(distinct user_id)::int as active_users
                           from product_usage where tenant_id = ? and account_id = ? and day between ? and ?
                           group by 1) u on u.week = w.week::date
                order by 1""",
                row -> new UsageWeek(row.localDate("week"), row.longValue("events"), row.integer("active_users")),
                from, last, TenantContext.require(), accountId, from, until);
    }

    public Listed<Survey> surveys(String accountId, int limit) {
        return listed(limit, "survey_response", accountId, """
                select responded_at, type, score, comment from survey_response where tenant_id = ? and account_id = ?
                order by responded_at desc, response_id limit ?""",
                row -> new Survey(row.localDate("responded_at"), row.string("type"), row.integer("score"),
                        row.string("comment")));
    }

    public Listed<Ticket> tickets(String accountId, int limit) {
        return listed(limit, "ticket", accountId, """
                select ticket_id, opened_at, first_response_at, resolved_at, priority, resolved_on_first_contact
                from ticket where tenant_id = ? and account_id = ? order by opened_at desc, ticket_id limit ?""",
                row -> new Ticket(row.string("ticket_id"), row.instant("opened_at"), row.instant("first_response_at"),
                        row.instant("resolved_at"), row.string("priority"),
                        row.nullableBool("resolved_on_first_contact")));
    }

    /**
     * Imported activities and those logged in the app (notes excluded), newest first; the total counted in
     * the same statement (the account page reads this on every view, outside its cache: a CSM may just have
     * logged a call).
     */
    public Listed<Activity> activities(String accountId, int limit) {
        List<Counted<Activity>> rows = database.query("""
                select occurred_at, type, csm_email, count(*) over () as total from (
                  select occurred_at, type, csm_email, activity_id as id from activity where tenant_id = ?
                    and account_id = ? and""" + " " + LoggedActivities.NOT_A_COPY + """
                  union all
                  select occurred_at, type, csm_email, id::text from account_note
                  where account_id = ? and type <> 'note' and""" + " " + LoggedActivities.NOT_MOVED + """
                ) a order by occurred_at desc, id limit ?""",
                row -> new Counted<>(new Activity(row.localDate("occurred_at"), row.string("type"),
                        row.string("csm_email")), row.integer("total")),
                TenantContext.require(), accountId, accountId, limit);
        return new Listed<>(rows.stream().map(Counted::row).toList(), rows.isEmpty() ? 0 : rows.get(0).total());
    }

    /** A row with the number of rows of its whole result, before the limit. */
    private record Counted<T>(T row, int total) {
    }

    /** The open ones first, closing soonest first (the next to act on), then the closed ones, latest first. */
    public Listed<Opportunity> opportunities(String accountId, int limit) {
        return listed(limit, "opportunity", accountId, """
                select opportunity_id, type, amount, stage, close_date from opportunity where tenant_id = ?
                  and account_id = ?
                order by (stage = 'open') desc, case when stage = 'open' then close_date end nulls last,
                  close_date desc nulls first, opportunity_id limit ?""",
                row -> new Opportunity(row.string("opportunity_id"), row.string("type"), row.doubleValue("amount"),
                        row.string("stage"), row.localDate("close_date")));
    }

    private <T> Listed<T> listed(int limit, String table, String accountId, String sql, RowMapper<T> mapper) {
        String tenant = TenantContext.require();
        List<T> rows = database.query(sql, mapper, tenant, accountId, limit);
        int total = rows.size() < limit ? rows.size()
                : database.one("select count(*)::int as total from " + table
                    + " where tenant_id = ? and account_id = ?",
                        row -> row.integer("total"), tenant, accountId);
        return new Listed<>(rows, total);
    }
}
