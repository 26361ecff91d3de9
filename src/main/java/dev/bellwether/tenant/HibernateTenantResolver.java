package dev.bellwether.tenant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import io.quarkus.hibernate.orm.runtime.tenant.TenantResolver;

/** Gives Hibernate the tenant that fills and filters every {@code @TenantId} column. */
@PersistenceUnitExtension
@ApplicationScoped
public class HibernateTenantResolver implements TenantResolver {

    /** Matches no tenant row: used when there is no tenant, so entity queries find nothing. */
    static final String NO_TENANT = "-";

    @Override
    public String getDefaultTenantId() {
        return NO_TENANT;
    }

    @Override
    public String resolveTenantId() {
        return TenantContext.current().orElse(NO_TENANT);
    }
}
