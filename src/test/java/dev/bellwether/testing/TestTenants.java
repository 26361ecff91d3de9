package dev.bellwether.testing;

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

    /** A new tenant with a unique id starting with {@code prefix}. */
    public String create(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        registry.ensure(id);
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
}
