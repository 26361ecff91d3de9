package dev.bellwether.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox under faults: nothing is lost while the SMTP server is down, and each message goes out once. */
@QuarkusTest
class OutboxDeliveryTest {

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Inject
    Outbox outbox;

    @Inject
    Database database;

    @Inject
    WebhookGuard guard;

    private final Mailbox mailbox = new Mailbox();

    @AfterEach
    void stopMailbox() {
        mailbox.stop();
    }

    @Test
    void messagesWaitWhileTheSmtpServerIsDownAndGoOutOnceEachWhenItIsBack() throws Exception {
        String tenant = tenants.create("outage");
        mailbox.stop();
        queue(tenant, List.of(
                new Outbox.Message(OutboxKind.ALERT, "ana@" + tenant + ".example", "First " + tenant, "one", null),
                new Outbox.Message(OutboxKind.DIGEST, "ben@" + tenant + ".example", "Second " + tenant, "two",
                        "<p>two</p>")));

        // the worker keeps trying: both stay pending, with their attempts and the reason
        assertEquals("2", Eventually.await(Duration.ofSeconds(30), "2", () -> data.single(tenant,
                "select count(*) from outbox where status = 'pending' and attempts >= 2 and last_error is not null")));
        assertEquals("0", data.single(tenant, "select count(*) from outbox where status <> 'pending'"));

        mailbox.start();
        assertEquals("2", Eventually.await(Duration.ofSeconds(30), "2",
                () -> data.single(tenant, "select count(*) from outbox where status = 'sent'")));
        Thread.sleep(3_000); // three more rounds of the worker: nothing is sent twice
        assertEquals(1, mailbox.to("ana@" + tenant + ".example").size());
        assertEquals(1, mailbox.to("ben@" + tenant + ".example").size());
        assertEquals("First " + tenant, Mailbox.subject(mailbox.to("ana@" + tenant + ".example").get(0)));
        assertEquals("one", Mailbox.part(mailbox.to("ana@" + tenant + ".example").get(0), "text/plain").strip());
        assertEquals("<p>two</p>",
                Mailbox.part(mailbox.to("ben@" + tenant + ".example").get(0), "text/html").strip());
        assertEquals("2:0:2", data.single(tenant, "select count(*) filter (where sent_at is not null) || ':'"
                + " || count(last_error) || ':' || count(*) filter (where attempts >= 3) from outbox"));
    }

    @Test
    void aMessageIsMarkedFailedAfterItsLastAttemptWithTheReason() {
        String tenant = tenants.create("giveup");
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.with(connection -> {
            Outbox.queue(connection, tenant, List.of(new Outbox.Message(OutboxKind.WEBHOOK,
                    "https://127.0.0.1:1/hook", "At risk — Acme", "{\"text\":\"x\"}", null)));
            // one attempt left of the test profile's 50
            return Sql.update(connection, "update outbox set attempts = 49 where tenant_id = ?", tenant);
        })));
        assertEquals("failed:50", Eventually.await(Duration.ofSeconds(20), "failed:50",
                () -> data.single(tenant, "select status || ':' || attempts from outbox")));
        String error = data.single(tenant, "select last_error from outbox");
        assertTrue(error.startsWith("Refused: url's host 127.0.0.1 is a loopback, private or link-local address"),
                error);
    }

    @Test
    void aWebhookMessageIsPostedAsJsonOnce() throws Exception {
        String tenant = tenants.create("hook");
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        guard.allowPrivate(true);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            queue(tenant, List.of(new Outbox.Message(OutboxKind.WEBHOOK, url, "At risk — Acme",
                    "{\"text\":\"*At risk*: Acme\"}", null)));
            assertEquals("sent", Eventually.await(Duration.ofSeconds(20), "sent",
                    () -> data.single(tenant, "select status from outbox")));
            Thread.sleep(2_000);
            assertEquals(List.of("{\"text\":\"*At risk*: Acme\"} application/json"), bodies);
        } finally {
            guard.allowPrivate(false);
            server.stop(0);
        }
    }

    private void queue(String tenant, List<Outbox.Message> messages) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> outbox.queue(tenant, messages)));
    }
}
