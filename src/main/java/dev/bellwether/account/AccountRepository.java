package dev.bellwether.account;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Accounts of the current tenant (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {
}
