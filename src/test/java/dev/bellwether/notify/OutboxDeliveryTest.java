package dev.bellwether.notify;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpHandler;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Mailbox;
import dev.bellwether.testing.Polling;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import dev.bellwether.testing.WebhookReceiver;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

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

    @Inject
    OutboxWorker worker;

    @Inject
    OutboxBook book;

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
        assertEquals("2", Polling.await(Duration.ofSeconds(30), "2", () -> data.single(tenant,
                "select count(*) from outbox where status = 'pending' and attempts >= 2 and last_error is not null")),
                () -> outboxRows(tenant));
        assertEquals("0", data.single(tenant, "select count(*) from outbox where status <> 'pending'"));

        mailbox.start();
        // within a few of the test profile's 5 s mail timeouts, should an attempt hang
        assertEquals("2", Polling.await(Duration.ofSeconds(45), "2",
                () -> data.single(tenant, "select count(*) from outbox where status = 'sent'")),
                () -> outboxRows(tenant));
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
    void anSmtpServerThatNeverAnswersCostsAnAttemptAfterTheMailTimeoutNotTheWorker() throws Exception {
        String tenant = tenants.create("silent-smtp");
        List<Socket> held = new CopyOnWriteArrayList<>();
        // accepts connections on the mailer's port and never says a word
        try (ServerSocket silent = new ServerSocket(Mailbox.PORT, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is done with it
                }
            });
            acceptor.start();
            queue(tenant, List.of(new Outbox.Message(OutboxKind.ALERT, "cy@" + tenant + ".example",
                    "Third " + tenant, "three", null)));
            // the test profile's mail timeout is 5 s: the attempt fails with it, the message stays pending; its
            // next attempt counts from the failure (1 s later in the test profile), not from the claim 5 s before
            String timedOut = "pending:The SMTP server did not answer within 5 s:from the failure";
            // (within a minute: other tenants' pending emails may each cost the worker 5 s first)
            assertEquals(timedOut, Polling.await(Duration.ofSeconds(60), timedOut, () -> data.single(tenant,
                            "select status || ':' || last_error || ':' || case when next_attempt_at"
                                    + " > clock_timestamp() - interval '3 seconds' then 'from the failure'"
                                    + " else 'from the claim' end from outbox where attempts >= 1")),
                    () -> outboxRows(tenant));
            assertFalse(held.isEmpty(), "the mailer never connected to the silent server");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        mailbox.start();
        assertEquals("sent", Polling.await(Duration.ofSeconds(60), "sent",
                () -> data.single(tenant, "select status from outbox")), () -> outboxRows(tenant));
        assertEquals(1, mailbox.to("cy@" + tenant + ".example").size());
    }

    @Test
    void aMessageIsMarkedFailedAfterItsLastAttemptWithTheReason() {
        String tenant = tenants.create("giveup");
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.with(connection -> {
            List<Outbox.Message> hook = List.of(new Outbox.Message(OutboxKind.WEBHOOK,
                    "https://127.0.0.1:1/hook", "At risk — Acme", "{\"text\":\"x\"}", null));
            webhookAt(connection, tenant, hook);
            Outbox.queue(connection, tenant, hook);
            // one attempt left of the test profile's 50
            return Sql.update(connection, "update outbox set attempts = 49 where tenant_id = ?", tenant);
        })));
        assertEquals("failed:50", Polling.await(Duration.ofSeconds(20), "failed:50",
                () -> data.single(tenant, "select status || ':' || attempts from outbox")));
        String error = data.single(tenant, "select last_error from outbox");
        assertTrue(error.startsWith("Refused: url's host 127.0.0.1 is a loopback, private or link-local address"),
                error);
    }

    @Test
    void anEmailQueuedForSomeoneDisabledSinceIsNotSent() throws Exception {
        String tenant = tenants.create("leaver");
        String leaver = "lee@" + tenant + ".example";
        String stays = "sam@" + tenant + ".example";
        queueWhileSmtpIsDown(tenant, leaver, stays);
        // meanwhile an admin disables the leaver (the team page forgets them)
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.update(
                "delete from tenant_user where email = ?", leaver)));
        mailbox.start();
        assertEquals("failed sent", Polling.await(Duration.ofSeconds(60), "failed sent", () -> data.single(tenant,
                "select string_agg(status, ' ' order by recipient) from outbox where status <> 'pending'")),
                () -> outboxRows(tenant));
        assertEquals(OutboxWorker.NOT_SENT_NOT_A_MEMBER,
                data.single(tenant, "select last_error from outbox where recipient = '" + leaver + "'"));
        assertEquals(0, mailbox.to(leaver).size());
        assertEquals(1, mailbox.to(stays).size());
    }

    /**
     * With the SMTP server down, a digest to {@code digestTo} and an alert to {@code alertTo}, both queued and
     * tried once: they wait, pending, for what the test changes before the server is back.
     */
    private void queueWhileSmtpIsDown(String tenant, String digestTo, String alertTo) {
        mailbox.stop();
        queue(tenant, List.of(new Outbox.Message(OutboxKind.DIGEST, digestTo, "Digest " + tenant, "accounts", null),
                new Outbox.Message(OutboxKind.ALERT, alertTo, "Alert " + tenant, "an alert", null)));
        assertEquals("2", Polling.await(Duration.ofSeconds(30), "2", () -> data.single(tenant,
                "select count(*) from outbox where status = 'pending' and attempts >= 1")), () -> outboxRows(tenant));
    }

    /** An email whose recipient switched that kind of email off since it was written is not sent (a retry). */
    @Test
    void anEmailItsRecipientSwitchedOffSinceIsNotSent() throws Exception {
        String tenant = tenants.create("switched-off");
        String reader = "rue@" + tenant + ".example";
        queueWhileSmtpIsDown(tenant, reader, reader);
        // meanwhile rue switches her digest off; she still takes alert emails
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.update(
                "update notification_setting set digest = 'off' where username = ?", reader)));
        mailbox.start();
        assertEquals("alert:sent digest:failed", Polling.await(Duration.ofSeconds(60), "alert:sent digest:failed",
                () -> data.single(tenant, "select string_agg(kind || ':' || status, ' ' order by kind) from outbox"
                        + " where status <> 'pending'")), () -> outboxRows(tenant));
        assertEquals(OutboxWorker.NOT_SENT_SWITCHED_OFF,
                data.single(tenant, "select last_error from outbox where kind = 'digest'"));
        assertEquals(List.of("Alert " + tenant), mailbox.to(reader).stream().map(Mailbox::subject).toList());
    }

    @Test
    void aWebhookMessageIsPostedAsJsonOnce() throws Exception {
        String tenant = tenants.create("hook");
        List<String> bodies = new CopyOnWriteArrayList<>();
        WebhookReceiver server = hookServer(exchange -> bodies.add(new String(
                exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + " "
                + exchange.getRequestHeaders().getFirst("Content-Type")));
        try {
            String url = server.url() + "/hook";
            queue(tenant, List.of(new Outbox.Message(OutboxKind.WEBHOOK, url, "At risk — Acme",
                    "{\"text\":\"*At risk*: Acme\"}", null)));
            assertEquals("sent", Polling.await(Duration.ofSeconds(20), "sent",
                    () -> data.single(tenant, "select status from outbox")));
            Thread.sleep(2_000);
            assertEquals(List.of("{\"text\":\"*At risk*: Acme\"} application/json"), bodies);
        } finally {
            guard.allowPrivate(false);
            server.close();
        }
    }

    /**
     * "Send again" gives a failed message a new round of attempts counted on from the ones it had: the outbox said a
     * message tried 51 times had been tried once. The round's own attempts decide when it gives up.
     */
    @Test
    void sendAgainStartsANewRoundAndForgetsNoAttempt() throws Exception {
        String tenant = tenants.create("round");
        WebhookReceiver server = WebhookReceiver.start(503, exchange -> { });
        guard.allowPrivate(true);
        try {
            List<Outbox.Message> hook = List.of(webhook(server.url() + "/hook"));
            // failed after a first round of the test profile's 50 attempts, before the worker could claim it
            TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
                database.with(connection -> webhookAt(connection, tenant, hook));
                outbox.queue(tenant, hook);
                database.with(connection -> Sql.update(connection,
                        "update outbox set status = 'failed', attempts = 50, last_error = 'HTTP 503'"
                                + " where tenant_id = ?", tenant));
            }));
            UUID id = UUID.fromString(data.single(tenant, "select id from outbox"));
            assertEquals(OutboxBook.Retry.QUEUED, TenantContext.call(tenant, () -> book.retry(id, "ada", "Ada")));
            // tried again and refused (503, no final refusal): the 51st attempt, the round's first, so still pending
            assertEquals("pending|50", Polling.await(Duration.ofSeconds(20), "pending|50", () -> data.single(tenant,
                    "select status || '|' || round_started_at_attempt from outbox where attempts > 50")));
        } finally {
            guard.allowPrivate(false);
            server.close();
            // its round would go on trying the closed receiver through the suites that follow
            data.single(tenant, "with gone as (delete from outbox returning 1) select count(*) from gone");
        }
    }

    /** A webhook that refuses for good (410: its channel archived) fails its message at once, not eight times. */
    @Test
    void aWebhookRefusalFailsTheMessageAtOnce() throws Exception {
        String tenant = tenants.create("hook-gone");
        List<String> calls = new CopyOnWriteArrayList<>();
        WebhookReceiver server = WebhookReceiver.start(410, exchange -> calls.add(exchange.getRequestMethod()));
        guard.allowPrivate(true);
        try {
            queue(tenant, List.of(webhook(server.url() + "/hook")));
            assertEquals("failed|1|The webhook refused it: HTTP 410 (not sent again)", Polling.await(
                    Duration.ofSeconds(20), "failed|1|The webhook refused it: HTTP 410 (not sent again)",
                    () -> data.single(tenant, "select status || '|' || attempts || '|' || last_error from outbox")));
            assertEquals(List.of("POST"), calls);
        } finally {
            guard.allowPrivate(false);
            server.close();
        }
    }

    @Test
    void eachMessageIsRecordedAsSentWithoutWaitingForTheNextOne() throws Exception {
        String tenant = tenants.create("one-by-one");
        CountDownLatch slowCalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WebhookReceiver server = hookServer(exchange -> {
            if (new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).contains("slow")) {
                slowCalled.countDown();
                await(release);
            }
        });
        try {
            String url = server.url() + "/hook";
            // both queued in one transaction, the fast one first: the worker finds them due together
            TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> database.with(c -> {
                List<Outbox.Message> both = List.of(webhook(url, "fast"), webhook(url, "slow"));
                webhookAt(c, tenant, both);
                Outbox.queue(c, tenant, both);
                return Sql.update(c, "update outbox set created_at = created_at + interval '1 second'"
                        + " where tenant_id = ? and body like '%slow%'", tenant);
            })));
            // /fast already shows as sent while /slow's call is still unanswered
            assertTrue(slowCalled.await(30, TimeUnit.SECONDS), "the worker never called /slow");
            assertEquals("sent:pending",
                    data.single(tenant, "select string_agg(status, ':' order by created_at) from outbox"),
                    () -> outboxRows(tenant));
            release.countDown();
            assertEquals("sent:sent", Polling.await(Duration.ofSeconds(20), "sent:sent",
                    () -> data.single(tenant, "select string_agg(status, ':' order by created_at) from outbox")),
                    () -> outboxRows(tenant));
        } finally {
            release.countDown();
            guard.allowPrivate(false);
            server.close();
        }
    }

    @Test
    void aTenantsBacklogDoesNotHoldBackAnotherTenantsMessage() throws Exception {
        String backlog = tenants.create("backlog");
        String single = tenants.create("single");
        List<String> calls = new CopyOnWriteArrayList<>();
        try (HeldWorker worker = new HeldWorker(exchange -> calls.add(exchange.getRequestURI().getPath()))) {
            // the worker is held up by one call while 25 messages of one tenant and then one of another queue up
            String url = worker.hold("busy-worker");
            queue(backlog, IntStream.range(0, 25).mapToObj(i -> webhook(url + "/backlog")).toList());
            queue(single, List.of(webhook(url + "/single")));
            worker.release();
            assertEquals("25:1", Polling.await(Duration.ofSeconds(30), "25:1", () -> Collections.frequency(calls,
                    "/backlog") + ":" + Collections.frequency(calls, "/single")));
            // the tenant waiting longest goes first, but only for a batch (20 in the test profile as in production)
            assertEquals(20, calls.indexOf("/single"), calls::toString);
            // a call is received before the worker records it as sent: the last one may still be committing
            assertEquals("25", Polling.await(Duration.ofSeconds(10), "25",
                    () -> data.single(backlog, "select count(*) from outbox where status = 'sent'")));
            assertEquals("1", Polling.await(Duration.ofSeconds(10), "1",
                    () -> data.single(single, "select count(*) from outbox where status = 'sent'")));
        }
    }

    /**
     * A tenant's turn ends after its time (2 s in the test profile, 15 s in production) as well as after a batch: a
     * webhook that takes its whole timeout per call held another tenant's message back for twenty of them.
     */
    @Test
    void aSlowWebhooksTurnEndsInTimeForAnotherTenantsMessage() throws Exception {
        String slow = tenants.create("slow-hook");
        String other = tenants.create("slow-peer");
        List<String> calls = new CopyOnWriteArrayList<>();
        try (HeldWorker worker = new HeldWorker(exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(path);
            if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(1_500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        })) {
            String url = worker.hold("slow-blocker");
            queue(slow, List.of(webhook(url + "/slow", "1"), webhook(url + "/slow", "2"), webhook(url + "/slow", "3")));
            queue(other, List.of(webhook(url + "/other")));
            worker.release();
            assertEquals(4, Polling.await(Duration.ofSeconds(60), 4, calls::size));
            // 1.5 s a call: the second ends the slow tenant's turn, and the other tenant's message goes next
            assertEquals("/other", calls.get(2), calls::toString);
        }
    }

    /**
     * A local webhook receiver that holds the worker on a call to /blocker until {@link #release}, so that what is
     * queued meanwhile is listed in one round, in the order it waits; every other call goes to {@code others}.
     */
    private final class HeldWorker implements AutoCloseable {

        private final CountDownLatch blocking = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final WebhookReceiver server;

        HeldWorker(HttpHandler others) throws IOException {
            server = hookServer(exchange -> {
                if (exchange.getRequestURI().getPath().equals("/blocker")) {
                    blocking.countDown();
                    await(released);
                } else {
                    others.handle(exchange);
                }
            });
        }

        /** Holds the worker on a call of a new tenant named {@code blocker}; answers the receiver's address. */
        String hold(String blocker) throws InterruptedException {
            queue(tenants.create(blocker), List.of(webhook(server.url() + "/blocker")));
            assertTrue(blocking.await(60, TimeUnit.SECONDS), "the worker never called /blocker");
            return server.url();
        }

        void release() {
            released.countDown();
        }

        @Override
        public void close() {
            released.countDown();
            guard.allowPrivate(false);
            server.close();
        }
    }

    @Test
    void aSuspendedTenantSendsNothingUntilItIsResumed() throws Exception {
        String suspended = tenants.create("suspended");
        String active = tenants.create("active-peer");
        List<String> calls = new CopyOnWriteArrayList<>();
        WebhookReceiver server = hookServer(exchange -> calls.add(exchange.getRequestURI().getPath()));
        try {
            String url = server.url();
            status(suspended, "suspended");
            // the suspended tenant's message waits longest: the worker would take it first
            queue(suspended, List.of(webhook(url + "/suspended")));
            queue(active, List.of(webhook(url + "/active")));
            Polling.await(Duration.ofSeconds(30), true, () -> calls.contains("/active"));
            assertEquals(List.of("/active"), calls);
            assertEquals("pending 0", data.single(suspended, "select status || ' ' || attempts from outbox"));
            // a round that listed the tenant before it was suspended sends none of its messages either
            assertEquals(0, TenantContext.call(suspended, () -> worker.sendDue(suspended)));
            assertEquals("pending 0", data.single(suspended, "select status || ' ' || attempts from outbox"));
            // nor is a digest composed for its users (the morning job asks this function for its tenants)
            addDigestReader(suspended);
            addDigestReader(active);
            List<String> withDigests = tenantsWithDigests();
            assertTrue(withDigests.contains(active), withDigests::toString);
            assertFalse(withDigests.contains(suspended), withDigests::toString);

            status(suspended, "active");
            Polling.await(Duration.ofSeconds(30), true, () -> calls.contains("/suspended"));
            assertEquals(List.of("/active", "/suspended"), calls);
            assertEquals("sent 1", Polling.await(Duration.ofSeconds(10), "sent 1",
                    () -> data.single(suspended, "select status || ' ' || attempts from outbox")));
            assertTrue(tenantsWithDigests().contains(suspended));
        } finally {
            guard.allowPrivate(false);
            server.close();
        }
    }

    /** The platform operator suspends or resumes {@code tenant}. */
    private static void status(String tenant, String status) {
        given().auth().oauth2(FakeKeycloak.accessToken("otto", null, "operator")).contentType(ContentType.JSON)
                .body("{\"status\":\"" + status + "\"}").patch("/api/v1/tenants/" + tenant).then().statusCode(200)
                .body("status", equalTo(status));
    }

    /** The tenants the morning digest job would compose digests for. */
    private List<String> tenantsWithDigests() {
        return database.query("select bw_tenants_with_digests() as tenant_id", row -> row.string("tenant_id"));
    }

    /** A user of {@code tenant} who reads a daily digest. */
    private void addDigestReader(String tenant) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            database.update("insert into tenant_user (tenant_id, username, email, name, roles)"
                    + " values (?, 'dana', 'dana@example.com', 'Dana', '{admin}')", tenant);
            database.update("insert into notification_setting (tenant_id, username, digest)"
                    + " values (?, 'dana', 'daily')", tenant);
        }));
    }

    /** A local webhook receiver that answers 200 after {@code onCall}; lets the worker call it. */
    private WebhookReceiver hookServer(HttpHandler onCall) throws IOException {
        WebhookReceiver receiver = WebhookReceiver.start(200, onCall);
        guard.allowPrivate(true);
        return receiver;
    }

    private static Outbox.Message webhook(String url) {
        return webhook(url, "x");
    }

    private static Outbox.Message webhook(String url, String text) {
        return new Outbox.Message(OutboxKind.WEBHOOK, url, "At risk — Acme", "{\"text\":\"" + text + "\"}", null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The tenant's outbox, a line per message, for failure messages. */
    private String outboxRows(String tenant) {
        return data.single(tenant, "select string_agg(recipient || ' ' || status || ' attempts=' || attempts"
                + " || ' error=' || coalesce(last_error, '-'), E'\\n' order by created_at) from outbox");
    }

    private void queue(String tenant, List<Outbox.Message> messages) {
        TenantContext.run(tenant, () -> QuarkusTransaction.requiringNew().run(() -> {
            database.with(connection -> webhookAt(connection, tenant, messages) + membersAt(connection, tenant,
                    messages));
            outbox.queue(tenant, messages);
        }));
    }

    /**
     * Makes each email's recipient a member of the tenant who takes digests and alert emails: the worker sends
     * email only to members as they are, and only what they still ask for.
     */
    private static int membersAt(java.sql.Connection connection, String tenant, List<Outbox.Message> messages) {
        return messages.stream().filter(m -> m.kind() != OutboxKind.WEBHOOK).map(Outbox.Message::recipient)
                .distinct().mapToInt(email -> Sql.update(connection, """
                        insert into tenant_user (tenant_id, username, email, roles) values (?, ?, ?, '{csm}')
                        on conflict do nothing""", tenant, email, email) + Sql.update(connection, """
                        insert into notification_setting (tenant_id, username, digest, immediate)
                        values (?, ?, 'daily', '{at-risk}') on conflict do nothing""", tenant, email)).sum();
    }

    /**
     * Points the tenant's webhook at the address of its webhook messages (one address per tenant): the worker sends
     * a webhook message only to the webhook as it is.
     */
    private static int webhookAt(java.sql.Connection connection, String tenant, List<Outbox.Message> messages) {
        return messages.stream().filter(m -> m.kind() == OutboxKind.WEBHOOK).map(Outbox.Message::recipient)
                .distinct().mapToInt(url -> Sql.update(connection, """
                        insert into webhook (tenant_id, url, events) values (?, ?, '{at-risk}')
                        on conflict (tenant_id, id) do update set url = excluded.url, enabled = true""",
                        tenant, url)).sum();
    }
}
