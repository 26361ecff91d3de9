package dev.bellwether.metrics.calc;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a tenant's {@link TenantFacts} from its imported rows, kind by kind. Rows of usage,
 * surveys, tickets and activities must arrive grouped by account (in day order for usage): each
 * account's windows are computed when its rows end. Rows of accounts that are not known are
 * ignored (an import never lets them in).
 *
 * <p>Once every account is in, each kind's rows may come from a thread of its own (each kind keeps
 * its own state and writes its own fields of the accounts); {@link #build} then runs after all of
 * them have finished.
 */
public final class FactsBuilder {

    private final Months months;
    private final Map<String, AccountFacts> accounts = new LinkedHashMap<>();
    private final UsageWindows usage;
    private final SurveyWindows surveys;
    private final TicketWindows tickets;
    private final ActivityWindows activities;
    private String usageAccount;
    private byte[] usageAccountBytes;
    private String surveyAccount;
    private String ticketAccount;
    private String activityAccount;
    private Set<String> qbrSegments = TenantFacts.DEFAULT_QBR_SEGMENTS;
    private final Map<String, UsageTail> carried = new HashMap<>();
    private int carriedAfter;
    private int carriedUpTo;

    public FactsBuilder(Months months) {
        this.months = months;
        this.usage = new UsageWindows(months);
        this.surveys = new SurveyWindows(months);
        this.tickets = new TicketWindows(months);
        this.activities = new ActivityWindows(months);
    }

    public Months months() {
        return months;
    }

    /** The segments whose accounts are expected to hold QBRs (by default Enterprise and Mid-Market). */
    public void qbrSegments(Collection<String> segments) {
        this.qbrSegments = Set.copyOf(segments);
    }

    public void account(String id, String name, String segment, String csmEmail, LocalDate customerSince,
            LocalDate renewalDate, Integer licensedSeats, LocalDate firstValueDate) {
        accounts.put(id, new AccountFacts(id, name, segment, csmEmail, customerSince, renewalDate, licensedSeats,
                firstValueDate, months.count()));
    }

    /** An account with its breakdown attributes industry and plan (null when absent). */
    public void account(String id, String name, String segment, String industry, String plan, String csmEmail,
            LocalDate customerSince, LocalDate renewalDate, Integer licensedSeats, LocalDate firstValueDate) {
        account(id, name, segment, csmEmail, customerSince, renewalDate, licensedSeats, firstValueDate);
        AccountFacts a = accounts.get(id);
        a.industry = industry;
        a.plan = plan;
    }

    /**
     * The usage rows a previous run kept ({@link AccountFacts#usageTail} of {@code previous}, its
     * accounts) for the days after {@code after} up to {@code upTo} (epoch days), which are not read
     * again: each account's rows of those days go into its windows before the rows read, which must all
     * be dated after {@code upTo}. Set before any usage row comes.
     */
    public void usageCarried(Collection<AccountFacts> previous, int after, int upTo) {
        carried.clear();
        for (AccountFacts account : previous) {
            if (account.usageTail != null) {
                carried.put(account.id, account.usageTail);
            }
        }
        this.carriedAfter = after;
        this.carriedUpTo = upTo;
    }

    public void mrr(String accountId, YearMonth month, double amount) {
        AccountFacts a = accounts.get(accountId);
        int i = months.indexOf(month);
        if (a != null && i >= 0) {
            a.mrr[i] = amount;
        }
    }

    public void usage(String accountId, int day, String user, String feature, long events) {
        usage(utf8(accountId), day, utf8(user), utf8(feature), events);
    }

    /**
     * The same row with its texts in UTF-8, as the database sends them: the account id is decoded
     * only when the account changes, users and features never.
     */
    public void usage(byte[] accountId, int day, byte[] user, byte[] feature, long events) {
        if (!Arrays.equals(accountId, usageAccountBytes)) {
            finishUsage();
            usageAccountBytes = accountId;
            usageAccount = new String(accountId, StandardCharsets.UTF_8);
            feedCarried(usageAccount);
        }
        usage.add(day, user, feature, events);
    }

    public void survey(String accountId, int day, String type, int score) {
        if (!accountId.equals(surveyAccount)) {
            finishSurveys();
            surveyAccount = accountId;
        }
        surveys.add(day, SurveyWindows.type(type), score);
    }

    /** Timestamps in epoch seconds; null when absent. */
    public void ticket(String accountId, long opened, Long firstResponse, Long resolved, Boolean firstContact) {
        if (!accountId.equals(ticketAccount)) {
            finishTickets();
            ticketAccount = accountId;
        }
        tickets.add(opened, firstResponse, resolved, firstContact);
    }

    public void activity(String accountId, int day, String type) {
        if (!accountId.equals(activityAccount)) {
            finishActivities();
            activityAccount = accountId;
        }
        activities.add(day, "QBR".equals(type));
    }

    public void opportunity(String accountId, String type, double amount, String stage, LocalDate closeDate) {
        AccountFacts a = accounts.get(accountId);
        if (a == null) {
            return;
        }
        if ("expansion".equals(type) && "open".equals(stage)) {
            a.openExpansion += amount;
        } else if ("renewal".equals(type) && !"open".equals(stage) && closeDate != null) {
            a.closedRenewals.add(new AccountFacts.ClosedRenewal(closeDate, "won".equals(stage)));
        }
    }

    public TenantFacts build() {
        finishUsage();
        // the accounts with carried rows and none read
        for (Map.Entry<String, UsageTail> tail : carried.entrySet()) {
            if (accounts.containsKey(tail.getKey())) {
                usageAccount = tail.getKey();
                tail.getValue().feed(usage, carriedAfter, carriedUpTo);
                finishUsage();
            }
        }
        carried.clear();
        finishSurveys();
        finishTickets();
        finishActivities();
        return new TenantFacts(months, new ArrayList<>(accounts.values()), usage.tenantFeatureCounts(), qbrSegments);
    }

    /** The accounts known so far, in the order they were added. */
    public List<String> accountIds() {
        return new ArrayList<>(accounts.keySet());
    }

    private void finishUsage() {
        AccountFacts a = usageAccount == null ? null : accounts.get(usageAccount);
        usage.finish(a != null ? a : scratch());
        usageAccount = null;
        usageAccountBytes = null;
    }

    private void feedCarried(String account) {
        UsageTail tail = carried.remove(account);
        if (tail != null) {
            tail.feed(usage, carriedAfter, carriedUpTo);
        }
    }

    private void finishSurveys() {
        AccountFacts a = surveyAccount == null ? null : accounts.get(surveyAccount);
        surveys.finish(a != null ? a : scratch());
        surveyAccount = null;
    }

    private void finishTickets() {
        AccountFacts a = ticketAccount == null ? null : accounts.get(ticketAccount);
        tickets.finish(a != null ? a : scratch());
        ticketAccount = null;
    }

    private void finishActivities() {
        AccountFacts a = activityAccount == null ? null : accounts.get(activityAccount);
        activities.finish(a != null ? a : scratch());
        activityAccount = null;
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private AccountFacts scratch() {
        return new AccountFacts("", null, null, null, null, null, null, null, months.count());
    }
}
