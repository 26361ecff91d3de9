package dev.bellwether.team;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How the app reaches Keycloak's admin REST API: as the confidential service client
 * {@code bellwether-admin} of its own realm (client-credentials grant), never as a person.
 */
@ConfigMapping(prefix = "bellwether.keycloak-admin")
public interface KeycloakAdminConfig {

    /** Keycloak's base address, e.g. {@code http://localhost:8180}. */
    String url();

    /** The realm whose organizations are the tenants. */
    @WithDefault("bellwether")
    String realm();

    @WithDefault("bellwether-admin")
    String clientId();

    /** The service client's secret (BW_KEYCLOAK_ADMIN_CLIENT_SECRET; production refuses the demo value). */
    String clientSecret();

    /** The client an invitation's link returns to after the password is set. */
    @WithDefault("bellwether-web")
    String inviteClientId();

    /** Where an invitation's link lands once the password is set (the app's public address). */
    String inviteRedirect();

    /** How long an invitation's link works. */
    @WithDefault("72h")
    Duration inviteLifespan();

    /** How long one call to Keycloak may take. */
    @WithDefault("10s")
    Duration timeout();
}
