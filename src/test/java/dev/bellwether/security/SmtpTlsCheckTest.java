package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

/** An SMTP login only over a connection that cannot stay in clear, in production. */
class SmtpTlsCheckTest {

    @Test
    void aLoginOverOptionalStartTlsIsRefusedInProduction() {
        Optional<String> refusal = SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.of("mailer"), false, "OPTIONAL");
        assertTrue(refusal.isPresent());
        assertTrue(refusal.get().contains("BW_SMTP_STARTTLS=REQUIRED"), refusal.get());
        assertTrue(SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.of("mailer"), false, "DISABLED").isPresent());
    }

    @Test
    void requiredStartTlsTlsNoLoginOrNotProductionStart() {
        assertEquals(Optional.empty(), SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.of("m"), false, "required"));
        assertEquals(Optional.empty(), SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.of("m"), true, "OPTIONAL"));
        assertEquals(Optional.empty(), SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.empty(), false, "OPTIONAL"));
        assertEquals(Optional.empty(), SmtpTlsCheck.refusal(LaunchMode.NORMAL, Optional.of(" "), false, "OPTIONAL"));
        assertEquals(Optional.empty(), SmtpTlsCheck.refusal(LaunchMode.TEST, Optional.of("m"), false, "OPTIONAL"));
        assertEquals(Optional.empty(),
                SmtpTlsCheck.refusal(LaunchMode.DEVELOPMENT, Optional.of("m"), false, "OPTIONAL"));
    }
}
