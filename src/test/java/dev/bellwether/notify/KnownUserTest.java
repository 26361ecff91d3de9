package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.bellwether.notify.UserDirectory.KnownUser;

/** Two sign-ins of one person with the same details are the same, whenever their tokens were issued. */
class KnownUserTest {

    private static final Instant NOON = Instant.parse("2026-12-07T12:00:00Z");

    private static KnownUser ann(String email, String name, List<String> roles, Instant issued) {
        return new KnownUser("ann", email, name, roles, issued);
    }

    @Test
    void theTokensTimeDoesNotCount() {
        KnownUser first = ann("ann@x.example", "Ann", List.of("csm"), NOON);
        assertTrue(first.sameAs(ann("ann@x.example", "Ann", List.of("csm"), NOON.plusSeconds(300))));
        assertTrue(first.sameAs(ann("ann@x.example", "Ann", List.of("csm"), null)));
        assertTrue(ann(null, null, List.of(), NOON).sameAs(ann(null, null, List.of(), null)), "no address, no name");
    }

    @Test
    void everyOtherDetailDoes() {
        KnownUser first = ann("ann@x.example", "Ann", List.of("csm"), NOON);
        assertFalse(first.sameAs(new KnownUser("ann2", "ann@x.example", "Ann", List.of("csm"), NOON)));
        assertFalse(first.sameAs(ann("ann@y.example", "Ann", List.of("csm"), NOON)));
        assertFalse(first.sameAs(ann(null, "Ann", List.of("csm"), NOON)));
        assertFalse(first.sameAs(ann("ann@x.example", "Ann B", List.of("csm"), NOON)));
        assertFalse(first.sameAs(ann("ann@x.example", "Ann", List.of("csm", "admin"), NOON)));
    }
}
