package dev.bellwether.feeds;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
     * Adds what the round changes to {@code scope}, for the recalculation: the accounts and earliest day of
     * its track calls (usage counts from its day on), and {@code accounts}, those its group calls inserted
     * or changed ({@link #accounts}: an account's traits count in every month).
     */
    static void addChanged(Connection connection, ChangedScope scope, Set<String> accounts) {
        record Touched(String accountId, LocalDate firstDay) {
        }
        List<Touched> touched = Sql.query(connection, """
                select account_id, min(day) as first_day from feed_event where applied_at = now() and kind = 'track'
                group by account_id""", row -> new Touched(row.string("account_id"), row.localDate("first_day")));
        for (Touched t : touched) {
            scope.add(t.firstDay(), List.of(t.accountId()));
        }
        if (!accounts.isEmpty()) {
            scope.addEveryMonth(List.copyOf(accounts));
        }
    }

    /**
     * Group calls: an existing account gets the traits given (an absent trait leaves its column alone);
     * a new one is inserted, customer_since defaulting to the date of Segment's createdAt trait (a new
     * account's only, kept as {@link EventReader#CREATED_AT}: it never moves an existing one's), else of
     * its first group call. Answers the accounts inserted or changed: a call repeating what is stored (a
     * sender's group call on every sign-in) changes no row, so it asks for no recalculation.
     */
    static Set<String> accounts(Connection connection) {
        Set<String> changed = new HashSet<>(Sql.query(connection, "with g as (" + ROUND_TRAITS + """
                ), n as (
                  select a.account_id,
                    case when jsonb_exists(g.t, 'name') then coalesce(g.t->>'name', a.name) else a.name end as name,
                    case when jsonb_exists(g.t, 'segment') then coalesce(g.t->>'segment', 'Unsegmented')
                         else a.segment end as segment,
                    case when jsonb_exists(g.t, 'industry') then g.t->>'industry' else a.industry end as industry,
                    case when jsonb_exists(g.t, 'plan') then g.t->>'plan' else a.plan end as plan,
                    case when jsonb_exists(g.t, 'csm_email') then g.t->>'csm_email' else a.csm_email end as csm_email,
                    coalesce((g.t->>'customer_since')::date, a.customer_since) as customer_since,
                    case when jsonb_exists(g.t, 'renewal_date') then (g.t->>'renewal_date')::date
                         else a.renewal_date end as renewal_date,
                    case when jsonb_exists(g.t, 'licensed_seats') then (g.t->>'licensed_seats')::integer
                         else a.licensed_seats end as licensed_seats
                  from account a join g on a.account_id = g.account_id)
                update account a set name = n.name, segment = n.segment, industry = n.industry, plan = n.plan,
                  csm_email = n.csm_email, customer_since = n.customer_since, renewal_date = n.renewal_date,
                  licensed_seats = n.licensed_seats
                from n where a.account_id = n.account_id
                  and (a.name, a.segment, a.industry, a.plan, a.csm_email, a.customer_since, a.renewal_date,
                       a.licensed_seats) is distinct from (n.name, n.segment, n.industry, n.plan, n.csm_email,
                       n.customer_since, n.renewal_date, n.licensed_seats)
                returning a.account_id""", row -> row.string("account_id")));
        changed.addAll(Sql.query(connection, "with g as (" + ROUND_TRAITS + """
                )
                insert into account (tenant_id, account_id, name, segment, industry, plan, csm_email, customer_since,
                                     renewal_date, licensed_seats)
                select app_tenant(), g.account_id, coalesce(g.t->>'name', g.account_id),
                       coalesce(g.t->>'segment', 'Unsegmented'), g.t->>'industry', g.t->>'plan', g.t->>'csm_email',
                       coalesce((g.t->>'customer_since')::date, (g.t->>'created_at')::date, g.first_day),
                       (g.t->>'renewal_date')::date, (g.t->>'licensed_seats')::integer
                from g
                on conflict (tenant_id, account_id) do nothing
                returning account_id""", row -> row.string("account_id")));
        return changed;
    }

    /**
     * Track calls: one event each, summed per (account, user, day, feature) and added to the row there.
     * The tenant's first usage ever goes into its new partition of product_usage, as a first import's.
     */
    static void usage(Connection connection) {
        if (!Sql.one(connection, "select exists (select 1 from feed_event where applied_at = now() and kind = 'track')"
                + " as any", row -> row.bool("any"))) {
            return; // a round of group calls alone opens no usage partition: a first usage.csv loads it whole
        }
        String round = """
                select app_tenant(), account_id, day, user_id, feature, least(count(*), 2147483647)::integer
                from feed_event where applied_at = now() and kind = 'track'
                group by account_id, day, user_id, feature""";
        String partition = Sql.one(connection, "select bw_open_partition('product_usage') as partition",
                row -> row.string("partition"));
        if (partition != null) {
            Sql.update(connection, "insert into \"" + partition + "\" (tenant_id, account_id, day, user_id, feature,"
                    + " events) " + round);
            // another tenant's first load attaches its partition too, and holds that lock until it commits
            // (minutes for a large one): give up soon, the events stay staged for the next round, and the
            // other tenants' rounds, which run after this one, are not held up
            Sql.execute(connection, "set local lock_timeout = '2s'");
            Sql.execute(connection, "select bw_attach_partition('product_usage')");
            Sql.execute(connection, "set local lock_timeout to default");
            return;
        }
        Sql.update(connection, "insert into product_usage (tenant_id, account_id, day, user_id, feature, events) "
                + round + """

                on conflict (tenant_id, account_id, day, user_id, feature)
                do update set events = least(product_usage.events::bigint + excluded.events, 2147483647)::integer""");
    }
}
