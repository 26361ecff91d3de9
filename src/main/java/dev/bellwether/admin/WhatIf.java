package dev.bellwether.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.alerts.AlertHit;
import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.health.Band;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelStore;
import dev.bellwether.metrics.FactsLoader;
import dev.bellwether.metrics.Snapshots;
import dev.bellwether.metrics.calc.AccountResult;
import dev.bellwether.metrics.calc.AccuracyTotal;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.web.Formats;
import dev.bellwether.web.PageCache;
import io.agroal.api.AgroalDataSource;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * What a draft health model would do to the whole book before it is saved: accounts per band, the
 * backtest, the accounts whose band changes, and how many accounts each alert rule would fire for.
 * The book's facts are read once per tenant and kept until its data or model changes (the key is
 * the tenant's data version, {@link Snapshots#version()} with its latest recalculation request, and
 * the model version), so a preview on every keystroke only
 * scores, it does not read the database again.
 */
@ApplicationScoped
public class WhatIf {

    /** Accounts whose band changes that the preview lists, largest MRR first. */
    static final int LISTED_CHANGES = 20;

    /** Paying accounts at the reporting month per band (NONE: no score). */
    public record BandCounts(int healthy, int needsAttention, int atRisk, int none) {

        public int total() {
            return healthy + needsAttention + atRisk + none;
        }
    }

    /** An account whose band the draft changes. */
    public record BandChange(String accountId, String name, double mrr, Double health, String band, Double draftHealth,
            String draftBand) {
    }

    /** The preview: the current model against the draft; {@code month} the latest, as read ("October 2026"). */
    public record Preview(String month, BandCounts current, BandCounts draft, AccuracyTotal currentAccuracy,
            AccuracyTotal draftAccuracy, int changed, List<BandChange> largestChanges) {
    }

    private record Book(TenantFacts facts, MetricsEngine.Scored scored) {
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FactsLoader loader;

    @Inject
    HealthModelStore store;

    @Inject
    Snapshots snapshots;

    /** Books per tenant, data version and model version; see {@code what-if-books} in application.properties. */
    @Inject
    @CacheName("what-if-books")
    Cache books;

    /** A book's key: the tenant, the version of its data and the model it was scored with. */
    private record Key(String tenant, String dataVersion, int modelVersion) {
    }

    /** The draft against the current model; empty when the tenant has no data yet. */
    public java.util.Optional<Preview> preview(HealthModel draft) {
        Book book = book();
        if (book == null) {
            return java.util.Optional.empty();
        }
        MetricsEngine.Scored after = MetricsEngine.score(book.facts(), draft);
        MetricsEngine.Scored before = book.scored();
        int m = before.months().count() - 1;
        List<BandChange> changes = new ArrayList<>();
        for (int i = 0; i < before.accounts().size(); i++) {
            AccountResult was = before.accounts().get(i);
            AccountResult now = after.accounts().get(i);
            if (!was.facts().active(m) || was.band(m) == now.band(m)) {
                continue;
            }
            changes.add(new BandChange(was.facts().id, was.facts().name, was.facts().mrr[m], was.health(m),
                    key(was.band(m)), now.health(m), key(now.band(m))));
        }
        changes.sort(Comparator.comparingDouble(BandChange::mrr).reversed().thenComparing(BandChange::accountId));
        return java.util.Optional.of(new Preview(Formats.label(before.months().month(m)), counts(before, m),
                counts(after, m), before.accuracy().total(), after.accuracy().total(), changes.size(),
                List.copyOf(changes.subList(0, Math.min(LISTED_CHANGES, changes.size())))));
    }

    /** For each rule, the accounts it would fire for now with {@code model}'s thresholds, as if it were switched on. */
    public java.util.Optional<Map<AlertRule, Integer>> firing(HealthModel model) {
        Book book = book();
        if (book == null) {
            return java.util.Optional.empty();
        }
        List<AlertSetting> allOn = model.alerts().stream()
                .map(a -> new AlertSetting(a.rule(), true, a.threshold())).toList();
        HealthModel probe = new HealthModel(model.weights(), model.measures(), model.bands(), allOn,
                model.segmentWeights());
        Map<AlertRule, Set<String>> accounts = new EnumMap<>(AlertRule.class);
        for (AlertRule rule : AlertRule.values()) {
            accounts.put(rule, new HashSet<>());
        }
        for (AlertHit hit : MetricsEngine.alerts(book.scored(), probe)) {
            accounts.get(hit.rule()).add(hit.accountId());
        }
        Map<AlertRule, Integer> counts = new EnumMap<>(AlertRule.class);
        accounts.forEach((rule, ids) -> counts.put(rule, ids.size()));
        return java.util.Optional.of(counts);
    }

    private static BandCounts counts(MetricsEngine.Scored scored, int m) {
        int healthy = 0;
        int attention = 0;
        int risk = 0;
        int none = 0;
        for (AccountResult account : scored.accounts()) {
            if (!account.facts().active(m)) {
                continue;
            }
            Band band = account.band(m);
            if (band == null) {
                none++;
            } else {
                switch (band) {
                    case HEALTHY -> healthy++;
                    case NEEDS_ATTENTION -> attention++;
                    default -> risk++;
                }
            }
        }
        return new BandCounts(healthy, attention, risk, none);
    }

    private static String key(Band band) {
        return band == null ? null : band.key();
    }

    /**
     * The tenant's book under its current model, from the cache while its data and model are
     * unchanged. The data version is read before the facts, so a book is never kept under a
     * version newer than its facts; without a version (no figures yet) it is read every time.
     */
    private Book book() {
        String tenant = TenantContext.require();
        // the latest recalculation request moves with every change of the facts (a feed round, a logged
        // activity), also before the recalculation that moves the figures' version has finished
        java.util.Optional<String> dataVersion = snapshots.version().map(figures -> figures + "|"
                + snapshots.latestRecalculation().map(r -> r.id() + "@" + r.requestedAt()).orElse("-"));
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                Sql.execute(connection, "set transaction isolation level repeatable read, read only");
                HealthModelStore.Versioned current = store.current(connection, tenant);
                Supplier<Book> read = () -> read(connection, tenant, current.model());
                return dataVersion.isEmpty() ? read.get()
                        : PageCache.get(books, new Key(tenant, dataVersion.get(), current.version()), read);
            }
        });
    }

    private Book read(Connection connection, String tenant, HealthModel model) {
        try {
            TenantFacts facts = loader.load(connection, tenant, percent -> {
            });
            return facts == null ? null : new Book(facts, MetricsEngine.score(facts, model));
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the book for the preview", e);
        }
    }

}
