package dev.bellwether.notify;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.bellwether.platform.Text;

/**
 * One section of the email digest ("New alerts", "Renewals in the next 30 days", …). Each section is
 * a CDI bean implementing this interface: the digest gathers every such bean, asks each for its
 * lines and prints the sections by {@link #order()}, leaving out the empty ones. A new section (the
 * tasks due or overdue, say) is one more bean; nothing else changes.
 *
 * <p>{@link #lines} runs in the digest run's transaction, as the digest's tenant: read with
 * {@code platform.sql.Database} (row-level security applies) and keep to the reader's
 * {@link Reader#watches scope}.
 */
public interface DigestSection {

    /** Where the section goes in the email: lower first (alerts 10, tasks 20, renewals 30, bands 40). */
    int order();

    /** The section's heading, e.g. "New alerts". */
    String title();

    /** The section's lines for this reader, at most {@code limit} of them (and their total, for "… and 12 more"). */
    Lines lines(Reader reader, int limit);

    /**
     * Who the digest is for and what it covers.
     *
     * @param tenant the tenant (also the current one)
     * @param username the reader's login name
     * @param name the reader's name
     * @param email the reader's verified email
     * @param wholeTenant whether the reader watches every account (admins, executives) or only their book
     * @param today the digest's day (UTC, from the injected clock)
     * @param since the end of the period the previous digest covered (its {@code until})
     * @param until the end of the period this digest covers: now, or the start of the oldest transaction still
     *              writing, whose alerts (stamped with that start) are not visible yet and belong to the next digest
     */
    record Reader(String tenant, String username, String name, String email, boolean wholeTenant, LocalDate today,
            Instant since, Instant until) {

        /**
         * The SQL condition "this account is watched by the reader", for an account aliased {@code a};
         * its two parameters are {@link #wholeTenant()} and {@link #email()}.
         */
        public static String watches(String alias) {
            return "(?::boolean or lower(" + alias + ".csm_email) = lower(?))";
        }
    }

    /** One line: its text, and the account it is about (linked), or null. */
    record Line(String text, String accountId) {

        /** The text on one line, whatever the names in it hold ({@link Text#oneLine}). */
        public Line {
            text = Text.oneLine(text);
        }
    }

    /** A section's lines (at most the limit) and how many there are in all. */
    record Lines(List<Line> lines, int total) {

        public static Lines of(List<Line> all, int limit) {
            return new Lines(all.size() > limit ? List.copyOf(all.subList(0, limit)) : List.copyOf(all), all.size());
        }
    }
}
