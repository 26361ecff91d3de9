package dev.bellwether.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.account.Account;
import dev.bellwether.account.AccountRepository;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Creates fresh tenants and their rows through the app's own code paths, so tests never share data. */
@ApplicationScoped
public class TestTenants {

    @Inject
    TenantRegistry registry;

    @Inject
    AccountRepository accounts;

    /** A new tenant with a unique id starting with {@code prefix}, created as the platform operator would. */
    public String create(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        ensure(id);
        return id;
    }

    /**
     * Makes sure the tenant {@code id} exists (a test's fixed tenant): only the platform operator creates
     * tenants, so a test whose users name a tenant creates it first, as the operator would.
     */
    public String ensure(String id) {
        TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew().call(() -> registry.create(id,
                TenantRegistry.defaultDisplayName(id))));
        return id;
    }

    /** Adds an account to {@code tenant}, as that tenant. */
    public void addAccount(String tenant, String accountId, String name) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            Account account = new Account();
            account.accountId = accountId;
            account.name = name;
            account.segment = "SMB";
            account.customerSince = LocalDate.of(2025, 1, 15);
            accounts.persist(account);
        }));
    }

    /**
     * Sets {@code tenant}'s status ({@code active}, {@code suspended}) as the database's owner: the app's own role
     * may not change it (V21's trigger), only the operator's functions do.
     */
    public void status(String tenant, String status) {
        try (Connection connection = DatabaseBootstrap.superuserConnection();
                PreparedStatement update = connection.prepareStatement("update tenant set status = ? where id = ?")) {
            update.setString(1, status);
            update.setString(2, tenant);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("No tenant " + tenant);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
