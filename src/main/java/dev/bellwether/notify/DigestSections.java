package dev.bellwether.notify;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.platform.sql.Database;

/**
 * The digest's built-in sections: new alerts, the reader's tasks due within a week or overdue, renewals
 * in the next 30 days, accounts that changed band.
 */
public final class DigestSections {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    private DigestSections() {
    }

    static String band(String band) {
        if (band == null) {
            return "no band";
        }
        return switch (band) {
            case "healthy" -> "Healthy";
            case "needs_attention" -> "Needs attention";
            case "at_risk" -> "At risk";
            default -> band;
        };
    }

    /** Alerts opened since the previous digest on the accounts the reader watches, still not resolved. */
    @ApplicationScoped
    public static class NewAlerts implements DigestSection {

        @Inject
        Database database;

        @Override
        public int order() {
            return 10;
        }

        @Override
        public String title() {
            return "New alerts";
        }

        @Override
        public Lines lines(Reader reader, int limit) {
            return Lines.of(database.query("""
                    select al.rule, al.detail, al.account_id, a.name from alert al
                    join account a on a.tenant_id = al.tenant_id and a.account_id = al.account_id
                    where al.tenant_id = ? and al.opened_at >= ? and al.opened_at < ? and al.status <> 'resolved'
                      and"""
                    + " " + Reader.watches("a") + " order by al.opened_at, al.id",
                    row -> new Line(AlertRule.label(row.string("rule")) + " — " + row.string("name") + " ("
                            + row.string("account_id") + ")"
                            + (row.string("detail") == null ? "" : ": " + row.string("detail")),
                            row.string("account_id")),
                    reader.tenant(), reader.since(), reader.until(), reader.wholeTenant(), reader.email()), limit);
        }
    }

    /**
     * The reader's open tasks (assigned to their email) that are overdue or due within the next
     * {@value #DAYS} days, overdue first, then by due date. Tasks are the workspace's; the digest reads
     * their table, so notifications depend on no workspace code.
     */
    @ApplicationScoped
    public static class TasksDue implements DigestSection {

        static final int DAYS = 7;

        @Inject
        Database database;

        @Override
        public int order() {
            return 20;
        }

        @Override
        public String title() {
            return "Your tasks due or overdue";
        }

        @Override
        public Lines lines(Reader reader, int limit) {
            return Lines.of(database.query("""
                    select t.title, t.due_date, t.account_id, a.name from task t
                    join account a on a.tenant_id = t.tenant_id and a.account_id = t.account_id
                    where t.tenant_id = ? and t.status = 'open' and lower(t.assignee_email) = lower(?)
                      and t.due_date <= ?
                    order by t.due_date, t.title, t.id""",
                    row -> {
                        LocalDate due = row.localDate("due_date");
                        long days = ChronoUnit.DAYS.between(reader.today(), due);
                        // the day too: a digest sent late (after a mail outage) still reads true
                        String when = days < 0 ? "Overdue, was due " + DAY.format(due)
                                : days == 0 ? "Due today, " + DAY.format(due)
                                : days == 1 ? "Due tomorrow, " + DAY.format(due) : "Due " + DAY.format(due);
                        return new Line(when + ": " + row.string("title") + " — " + row.string("name") + " ("
                                + row.string("account_id") + ")", row.string("account_id"));
                    },
                    reader.tenant(), reader.email(), reader.today().plusDays(DAYS)), limit);
        }
    }

    /** Accounts the reader watches that renew within 30 days of today (today included), soonest first. */
    @ApplicationScoped
    public static class Renewals implements DigestSection {

        static final int DAYS = 30;

        @Inject
        Database database;

        @Override
        public int order() {
            return 30;
        }

        @Override
        public String title() {
            return "Renewals in the next " + DAYS + " days";
        }

        @Override
        public Lines lines(Reader reader, int limit) {
            return Lines.of(database.query("""
                    select a.account_id, a.name, a.renewal_date, s.band from account a
                    left join account_snapshot s on s.tenant_id = a.tenant_id and s.account_id = a.account_id
                    where a.tenant_id = ? and a.renewal_date between ? and ? and coalesce(s.active, true) and"""
                    + " " + Reader.watches("a") + " order by a.renewal_date, a.account_id",
                    row -> {
                        LocalDate renews = row.localDate("renewal_date");
                        long days = ChronoUnit.DAYS.between(reader.today(), renews);
                        return new Line(row.string("name") + " (" + row.string("account_id") + ") renews on "
                                + DAY.format(renews) + (days == 0 ? " (today)" : days == 1 ? " (tomorrow)"
                                        : " (in " + days + " days)")
                                + (row.string("band") == null ? "" : " · " + band(row.string("band"))),
                                row.string("account_id"));
                    },
                    reader.tenant(), reader.today(), reader.today().plusDays(DAYS), reader.wholeTenant(),
                    reader.email()), limit);
        }
    }

    /** Accounts the reader watches whose band in the latest month differs from the month before. */
    @ApplicationScoped
    public static class BandChanges implements DigestSection {

        @Inject
        Database database;

        @Override
        public int order() {
            return 40;
        }

        @Override
        public String title() {
            return "Accounts that changed band";
        }

        @Override
        public Lines lines(Reader reader, int limit) {
            return Lines.of(database.query("""
                    select s.account_id, a.name, s.band, p.band as previous_band from account_snapshot s
                    join account a on a.tenant_id = s.tenant_id and a.account_id = s.account_id
                    join account_month p on p.tenant_id = s.tenant_id and p.account_id = s.account_id
                     and date_trunc('month', p.month) = date_trunc('month', s.month) - interval '1 month'
                    where s.tenant_id = ? and s.active and s.band is not null and p.band is not null
                      and s.band <> p.band and"""
                    + " " + Reader.watches("a") + """
                     order by case s.band when 'at_risk' then 0 when 'needs_attention' then 1 else 2 end,
                              s.account_id""",
                    row -> new Line(row.string("name") + " (" + row.string("account_id") + "): "
                            + band(row.string("previous_band")) + " → " + band(row.string("band")),
                            row.string("account_id")),
                    reader.tenant(), reader.wholeTenant(), reader.email()), limit);
        }
    }
}
