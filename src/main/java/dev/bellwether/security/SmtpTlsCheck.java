package dev.bellwether.security;

import java.util.Locale;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Production refuses to start when it would log in to the SMTP server over a connection that may stay in
 * clear: with a user name set, STARTTLS must be required (or the connection TLS from the start). With
 * STARTTLS only optional, anyone between the app and the server can strip the offer and read the password,
 * and every digest and alert after it. A relay without a login (the local mail catcher) is not concerned.
 */
@ApplicationScoped
public class SmtpTlsCheck {

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Optional<String> refusal = refusal(LaunchMode.current(),
                config.getOptionalValue("quarkus.mailer.username", String.class),
                config.getOptionalValue("quarkus.mailer.tls", Boolean.class).orElse(false),
                config.getOptionalValue("quarkus.mailer.start-tls", String.class).orElse("OPTIONAL"));
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
    }

    /** Why production may not start with this mail configuration, or empty when it may. */
    static Optional<String> refusal(LaunchMode mode, Optional<String> user, boolean tls, String startTls) {
        if (mode != LaunchMode.NORMAL || user.filter(u -> !u.isBlank()).isEmpty() || tls
                || "REQUIRED".equals(startTls.toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of("Bellwether will not log in to the SMTP server over a connection that may stay in clear:"
                + " with BW_SMTP_USER set, set BW_SMTP_STARTTLS=REQUIRED (or BW_SMTP_TLS=true for a server that"
                + " speaks TLS from the start). See docs/deployment.md.");
    }
}
