package dev.bellwether.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

/** Accounts of the current tenant (Hibernate adds the tenant to every query). */
@ApplicationScoped
public class AccountRepository implements PanacheRepositoryBase<Account, String> {

    /** The segments the tenant's accounts carry (its own words, docs/imports.md), in alphabetical order. */
    public List<String> segments() {
        return getEntityManager()
                .createQuery("select distinct a.segment from Account a where a.segment is not null order by a.segment",
                        String.class)
                .getResultList();
    }
}
