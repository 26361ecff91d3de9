package dev.bellwether.feeds;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;

import dev.bellwether.ingest.ChangedScope;
import dev.bellwether.platform.sql.Sql;

/**
 * The statements that apply one round of a tenant's events, those marked {@code applied_at = now()} in
 * the current transaction ({@link FeedCoalescer}).
 */
final class FeedApply {

    /** Each account's traits of the round, merged in the order they were received (the later wins). */
    private static final String ROUND_TRAITS = """
            select e.account_id, jsonb_object_agg(kv.key, kv.value order by e.received_at, e.pos, e.seq) as t,
                   min(e.day) as first_day
            from feed_event e cross join lateral jsonb_each(e.traits) kv
            where e.applied_at = now() and e.kind = 'group'
            group by e.account_id""";

    private FeedApply() {
    }

    /**
     * What the round changes, for the recalculation: the accounts and earliest day of its track calls
     * (usage counts from its day on), and the accounts of its group calls (an account's traits count in
     * every month).
     */
    static ChangedScope changed(Connection connection) {
        ChangedScope scope = new ChangedScope();
        addChanged(connection, scope);
        return scope;
    }

    /** Adds what the round changes to {@code scope} (see {@link #changed}). */
    static void addChanged(Connection connection, ChangedScope scope) {
        record Touched(String kind, String accountId, LocalDate firstDay) {
        }
        List<Touched> touched = Sql.query(connection, """
                select kind, account_id, min(day) as first_day from feed_event where applied_at = now()
                group by kind, account_id""",
                row -> new Touched(row.string("kind"), row.string("account_id"), row.localDate("first_day")));
        for (Touched t : touched) {
            if (t.kind().equals("group")) {
                scope.addEveryMonth(List.of(t.accountId()));
            } else {
                scope.add(t.firstDay(), List.of(t.accountId()));
            }
        }
    }

    /**
     * Group calls: an existing account gets the traits given (an absent trait leaves its column alone);
     * a new one is inserted, customer_since defaulting to the date of Segment's createdAt trait (a new
     * account's only, kept as {@link EventReader#CREATED_AT}: it never moves an existing one's), else of
     * its first group call.
     */
    static void accounts(Connection connection) {
        Sql.update(connection, "with g as (" + ROUND_TRAITS + """
                )
                update account a set
                  name = case when jsonb_exists(g.t, 'name') then coalesce(g.t->>'name', a.name) else a.name end,
                  segment = case when jsonb_exists(g.t, 'segment') then coalesce(g.t->>'segment', 'Unsegmented')
                                 else a.segment end,
                  industry = case when jsonb_exists(g.t, 'industry') then g.t->>'industry' else a.industry end,
                  plan = case when jsonb_exists(g.t, 'plan') then g.t->>'plan' else a.plan end,
                  csm_email = case when jsonb_exists(g.t, 'csm_email') then g.t->>'csm_email' else a.csm_email end,
                  customer_since = coalesce((g.t->>'customer_since')::date, a.customer_since),
                  renewal_date = case when jsonb_exists(g.t, 'renewal_date') then (g.t->>'renewal_date')::date
                                      else a.renewal_date end,
                  licensed_seats = case when jsonb_exists(g.t, 'licensed_seats') then (g.t->>'licensed_seats')::integer
                                        else a.licensed_seats end
                from g where a.account_id = g.account_id""");
        Sql.update(connection, "with g as (" + ROUND_TRAITS + """
                )
                insert into account (tenant_id, account_id, name, segment, industry, plan, csm_email, customer_since,
                                     renewal_date, licensed_seats)
                select app_tenant(), g.account_id, coalesce(g.t->>'name', g.account_id),
                       coalesce(g.t->>'segment', 'Unsegmented'), g.t->>'industry', g.t->>'plan', g.t->>'csm_email',
                       coalesce((g.t->>'customer_since')::date, (g.t->>'created_at')::date, g.first_day),
                       (g.t->>'renewal_date')::date, (g.t->>'licensed_seats')::integer
                from g
                on conflict (tenant_id, account_id) do nothing""");
    }

    /**
     * Track calls: one event each, summed per (account, user, day, feature) and added to the row there.
     * The tenant's first usage ever goes into its new partition of product_usage, as a first import's.
     */
    static void usage(Connection connection) {
        String round = """
                select app_tenant(), account_id, day, user_id, feature, least(count(*), 2147483647)::integer
                from feed_event where applied_at = now() and kind = 'track'
                group by account_id, day, user_id, feature""";
        String partition = Sql.one(connection, "select bw_open_partition('product_usage') as partition",
                row -> row.string("partition"));
        if (partition != null) {
            Sql.update(connection, "insert into \"" + partition + "\" (tenant_id, account_id, day, user_id, feature,"
                    + " events) " + round);
            Sql.execute(connection, "select bw_attach_partition('product_usage')");
            return;
        }
        Sql.update(connection, "insert into product_usage (tenant_id, account_id, day, user_id, feature, events) "
                + round + """

                on conflict (tenant_id, account_id, day, user_id, feature)
                do update set events = least(product_usage.events::bigint + excluded.events, 2147483647)::integer""");
    }
}
