package dev.bellwether.notify;

import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;

/**
 * Writes messages into the outbox, in the caller's transaction: a message exists exactly when its
 * cause (the alerts it announces, the digest run) commits, and the outbox worker sends it after.
 */
@ApplicationScoped
public class Outbox {

    /** A message to send: to an email address (digest, alert) or a webhook URL (webhook, body = JSON). */
    public record Message(OutboxKind kind, String recipient, String subject, String body, String html) {
    }

    @Inject
    Database database;

    /** Queues {@code messages} for {@code tenant} on {@code connection} (the cause's transaction). */
    public static List<UUID> queue(Connection connection, String tenant, List<Message> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        return Sql.query(connection, """
                insert into outbox (tenant_id, kind, recipient, subject, body, html)
                select ?, m.kind, m.recipient, m.subject, m.body, m.html
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                     with ordinality as m(kind, recipient, subject, body, html, n)
                order by m.n
                returning id""",
                row -> row.uuid("id"), tenant,
                messages.stream().map(m -> m.kind().word()).toArray(String[]::new),
                messages.stream().map(Message::recipient).toArray(String[]::new),
                messages.stream().map(Message::subject).toArray(String[]::new),
                messages.stream().map(Message::body).toArray(String[]::new),
                messages.stream().map(Message::html).toArray(String[]::new));
    }

    /** Queues {@code messages} for {@code tenant} in the current JTA transaction. */
    public List<UUID> queue(String tenant, List<Message> messages) {
        return database.with(connection -> queue(connection, tenant, messages));
    }
}
