package dev.bellwether.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantReads;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A CSM's manual health band for one of their accounts: a reason and an expiry at most 90 days
 * ahead. It sits beside the computed band, never replaces it in the figures, and lapses by itself:
 * it is only read while its expiry date has not passed. Every change is audited.
 */
@ApplicationScoped
public class HealthOverrides {

    public static final int MAX_DAYS = 90;
    static final List<String> BANDS = List.of("healthy", "needs_attention", "at_risk");

    /** An override in force. */
    public record Override(String accountId, String band, String reason, LocalDate setOn, LocalDate expiresOn, String setBy,
            String setByName, Instant setAt) {
    }

    @Inject
    TenantReads reads;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    /** The account's override while it is in force. */
    public Optional<Override> find(String accountId) {
        return reads.list("the override", """
                select account_id, band, reason, set_on, expires_on, set_by, set_by_name, set_at from health_override
                where account_id = ? and expires_on >= ?""", List.of(accountId, today()),
                rows -> new Override(rows.getString(1), rows.getString(2), rows.getString(3), rows.getDate(4).toLocalDate(),
                        rows.getDate(5).toLocalDate(), rows.getString(6), rows.getString(7), rows.getTimestamp(8).toInstant()))
                .stream().findFirst();
    }

    /** Whether the signed-in user may override this account's band: its CSM, or an admin. */
    public boolean mayOverride(AccountBook.Line account) {
        if (user.isAdmin()) {
            return true;
        }
        String email = user.getEmail();
        return user.getRoles().contains(CurrentUser.CSM) && email != null && account.csmEmail() != null
                && account.csmEmail().equalsIgnoreCase(email);
    }

    /** What is wrong with an override, in words for the page and the API; empty when nothing is. */
    public static List<String> problems(String band, String reason, LocalDate expiresOn) {
        List<String> problems = new ArrayList<>();
        if (band == null || !BANDS.contains(band)) {
            problems.add("band: choose healthy, needs_attention or at_risk");
        }
        if (reason == null || reason.isBlank()) {
            problems.add("reason: say why the computed band is wrong");
        } else if (reason.length() > 2000) {
            problems.add("reason: at most 2,000 characters");
        }
        LocalDate today = today();
        if (expiresOn == null) {
            problems.add("expiresOn: a date (YYYY-MM-DD) at most " + MAX_DAYS + " days ahead is required");
        } else if (!expiresOn.isAfter(today)) {
            problems.add("expiresOn: must be after today (" + today + ")");
        } else if (expiresOn.isAfter(today.plusDays(MAX_DAYS))) {
            problems.add("expiresOn: at most " + MAX_DAYS + " days ahead, so " + today.plusDays(MAX_DAYS) + " at the latest");
        }
        return problems;
    }

    /** Sets (or replaces) the override; the caller checked {@link #problems} and {@link #mayOverride}. */
    public void set(String accountId, String band, String reason, LocalDate expiresOn) {
        Optional<Override> before = find(accountId);
        String tenant = TenantContext.require();
        run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into health_override (tenant_id, account_id, band, reason, set_on, expires_on, set_by, set_by_name)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (tenant_id, account_id) do update set band = excluded.band, reason = excluded.reason,
                      set_on = excluded.set_on, expires_on = excluded.expires_on, set_by = excluded.set_by,
                      set_by_name = excluded.set_by_name, set_at = now()""")) {
                statement.setString(1, tenant);
                statement.setString(2, accountId);
                statement.setString(3, band);
                statement.setString(4, reason.trim());
                statement.setObject(5, today());
                statement.setObject(6, expiresOn);
                statement.setString(7, user.getUsername());
                statement.setString(8, user.getName());
                statement.executeUpdate();
            }
            List<AuditDiff.Change> changes = new ArrayList<>();
            changes.add(new AuditDiff.Change("band", before.map(Override::band).orElse(null), band));
            changes.add(new AuditDiff.Change("reason", before.map(Override::reason).orElse(null), reason.trim()));
            changes.add(new AuditDiff.Change("expiresOn", before.map(o -> o.expiresOn().toString()).orElse(null),
                    expiresOn.toString()));
            changes.removeIf(c -> java.util.Objects.equals(c.before(), c.after()));
            audit.append(connection, new AuditLog.Entry(tenant, user.getUsername(), user.getName(), AuditLog.OVERRIDE,
                    accountId, "Health band of " + accountId + " overridden to " + band.replace('_', ' ') + " until " + expiresOn,
                    changes));
        });
    }

    /** Ends the override now; false when there was none in force. */
    public boolean clear(String accountId) {
        Optional<Override> before = find(accountId);
        if (before.isEmpty()) {
            return false;
        }
        String tenant = TenantContext.require();
        run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("delete from health_override where account_id = ?")) {
                statement.setString(1, accountId);
                statement.executeUpdate();
            }
            audit.append(connection, new AuditLog.Entry(tenant, user.getUsername(), user.getName(), AuditLog.OVERRIDE,
                    accountId, "Health override of " + accountId + " removed",
                    List.of(new AuditDiff.Change("band", before.get().band(), null))));
        });
        return true;
    }

    static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void run(Work work) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection()) {
                work.run(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not change the override", e);
            }
        });
    }
}
