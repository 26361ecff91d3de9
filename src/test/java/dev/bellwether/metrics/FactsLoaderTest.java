package dev.bellwether.metrics;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.HealthModel;
import dev.bellwether.metrics.calc.AccountFacts;
import dev.bellwether.metrics.calc.MetricDefinition;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.Months;
import dev.bellwether.metrics.calc.TenantFacts;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The facts come from one snapshot even though usage is read on a second connection: a usage row
 * committed after the caller's snapshot began stays out of that read, and is in the next one. And
 * usage's texts, read as the bytes the database sends, tell users apart as their strings do.
 */
@QuarkusTest
@TestProfile(RecalculationQueueTest.NoWorker.class)
class FactsLoaderTest {

    @Inject
    FactsLoader loader;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    /**
     * A tenant with the sample imported, an account active in its last month, that month's last day
     * and the account's MAU then.
     */
    private record Sample(String tenant, String account, LocalDate lastDay, int mau) {
    }

    private Sample sample(String name) {
        String tenant = tenants.create(name);
        upload(FakeKeycloak.accessToken("ada", tenant, "admin"), SAMPLE.resolve("all.zip")).then().statusCode(201);
        LocalDate lastDay = YearMonth.from(LocalDate.parse(data.single(tenant, "select max(month) from mrr")))
                .atEndOfMonth();
        String account = data.single(tenant,
                "select min(account_id) from mrr where month = (select max(month) from mrr)");
        return new Sample(tenant, account, lastDay, mauAtLastMonth(load(tenant), account));
    }

    @Test
    void usageIsReadInTheCallersSnapshot() {
        Sample sample = sample("facts");
        String tenant = sample.tenant();
        String account = sample.account();
        LocalDate lastDay = sample.lastDay();
        int before = sample.mau();

        int inSnapshot = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                execute(connection, "set transaction isolation level repeatable read, read only");
                execute(connection, "select 1"); // the snapshot is taken here
                // another transaction commits a new active user of the account on the last day
                QuarkusTransaction.requiringNew().run(() -> addUsage(tenant, account, lastDay));
                return mauAtLastMonth(loader.load(connection, tenant, percent -> {
                }), account);
            }
        }));

        assertEquals(before, inSnapshot, "the usage read must not see a row committed after the snapshot began");
        assertEquals(before + 1, mauAtLastMonth(load(tenant), account), "a new read sees it");
    }

    @Test
    void theFirstAndLastMonthAreReadFromAnIndexNotFromEveryMrrRow() {
        Sample sample = sample("facts-months");
        String tenant = sample.tenant();
        List<String> plan = new ArrayList<>();
        Months months = TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement explain = connection.prepareStatement("explain " + FactsLoader.MONTHS)) {
                explain.setString(1, tenant);
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.add(rows.getString(1));
                    }
                }
                return FactsLoader.months(connection, tenant);
            }
        }));

        assertEquals(data.single(tenant, "select min(month) || ' ' || max(month) from mrr"),
                months.month(0).atDay(1) + " " + months.month(months.count() - 1).atDay(1));
        String text = String.join("\n", plan);
        assertTrue(text.contains("Index Only Scan using") && text.contains("Index Only Scan Backward using")
                && !text.contains("Seq Scan"), text);
    }

    @Test
    void usersAreToldApartByTheirExactTextAsTheDatabaseSendsIt() {
        Sample sample = sample("facts-utf8");
        TenantContext.run(sample.tenant(), () -> QuarkusTransaction.requiringNew().run(() -> {
            addUsage(sample.tenant(), sample.account(), sample.lastDay(), "jörg");
            addUsage(sample.tenant(), sample.account(), sample.lastDay(), "Jörg");
            addUsage(sample.tenant(), sample.account(), sample.lastDay().minusDays(1), "jörg");
        }));

        assertEquals(sample.mau() + 2, mauAtLastMonth(load(sample.tenant()), sample.account()),
                "jörg (on two days) and Jörg");
    }

    @Test
    void theTenantsQbrSegmentsComeWithItsFacts() {
        Sample sample = sample("facts-qbr");
        String tenant = sample.tenant();
        assertEquals(Set.of("Enterprise", "Mid-Market"), load(tenant).qbrSegments(), "the default");
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement update = connection.prepareStatement(
                            "update tenant set qbr_segments = '{SMB}' where id = ?")) {
                update.setString(1, tenant);
                assertEquals(1, update.executeUpdate());
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
        TenantFacts facts = load(tenant);
        assertEquals(Set.of("SMB"), facts.qbrSegments());
        int m = facts.months().count() - 1;
        long overdueSmb = facts.accounts().stream()
                .filter(a -> "SMB".equals(a.segment) && a.active(m) && !a.qbrIn90Days[m]).count();
        assertTrue(overdueSmb > 0, "the sample has SMB accounts without a QBR");
        assertEquals(overdueSmb, MetricsEngine.run(facts, HealthModel.defaults()).tenant().get(m)
                .count(MetricDefinition.OVERDUE_QBRS));
    }

    /** A ticket resolved in the last second of a month's last day is resolved in that month, not open at its end. */
    @Test
    void aTicketResolvedInADaysLastSecondIsResolvedThatDay() {
        Sample sample = sample("facts-tickets");
        String tenant = sample.tenant();
        int m = load(tenant).months().count() - 1;
        int before = openTicketsAtLastMonth(load(tenant), sample.account());
        data.single(tenant, "with x as (insert into ticket (tenant_id, ticket_id, account_id, opened_at,"
                + " first_response_at, resolved_at) values ('" + tenant + "', 'T-LAST-SECOND', '" + sample.account()
                + "', timestamptz '" + sample.lastDay() + " 10:00:00Z', timestamptz '" + sample.lastDay()
                + " 23:59:59.6Z', timestamptz '" + sample.lastDay() + " 23:59:59.6Z') returning 1)"
                + " select count(*) from x");
        assertEquals(before, openTicketsAtLastMonth(load(tenant), sample.account()),
                "resolved on " + sample.lastDay() + " (month " + m + ")");
    }

    private static int openTicketsAtLastMonth(TenantFacts facts, String account) {
        AccountFacts a = facts.accounts().stream().filter(f -> f.id.equals(account)).findFirst().orElseThrow();
        return a.openTickets[facts.months().count() - 1];
    }

    private TenantFacts load(String tenant) {
        return TenantContext.call(tenant, () -> QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                execute(connection, "set transaction isolation level repeatable read, read only");
                return loader.load(connection, tenant, percent -> {
                });
            }
        }));
    }

    private void addUsage(String tenant, String account, LocalDate day) {
        addUsage(tenant, account, day, "snapshot-test-user");
    }

    private void addUsage(String tenant, String account, LocalDate day, String user) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into product_usage (tenant_id, account_id, day, user_id, feature, events)
                        values (?, ?, ?, ?, 'reports', 5)""")) {
            insert.setString(1, tenant);
            insert.setString(2, account);
            insert.setObject(3, day);
            insert.setString(4, user);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int mauAtLastMonth(TenantFacts facts, String account) {
        AccountFacts a = facts.accounts().stream().filter(f -> f.id.equals(account)).findFirst().orElseThrow();
        return a.mau[facts.months().count() - 1];
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
