package dev.bellwether.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Ids;
import dev.bellwether.platform.Text;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/outbox}: every email and webhook message of the tenant with its status, attempts and
 * last error; a failed one can be queued again. The same page sets the tenant's webhook and runs the
 * due digests now. Every change is audited.
 */
@Path("/admin/outbox")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_HTML)
public class OutboxPage {

    static final int SHOWN = 200;

    /** What the page shows; {@code flash} says what the last action did, {@code webhookError} what was wrong. */
    /** {@code opened}: the webhook as the form showed it when the page was opened (sent back with the form). */
    public record View(String status, OutboxBook.Counts counts, List<OutboxBook.Entry> messages,
            Webhooks.Settings webhook, List<String> rules, String flash, String webhookError,
            Webhooks.Settings opened) {

        public boolean hasRule(String rule) {
            return webhook.events().contains(rule);
        }

        /** The rule as the notifications page names it ("At risk"), not its key. */
        public String ruleLabel(String rule) {
            return AlertRule.label(rule);
        }

        /** How many messages the list would hold whole: it shows the newest {@link #SHOWN} and says so. */
        public long total() {
            return status == null ? counts.pending() + counts.sent() + counts.failed()
                    : switch (status) {
                        case "pending" -> counts.pending();
                        case "sent" -> counts.sent();
                        default -> counts.failed();
                    };
        }

        public int shown() {
            return SHOWN;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    OutboxBook outbox;

    @Inject
    Webhooks webhooks;

    @Inject
    WebhookGuard guard;

    @Inject
    Digests digests;

    @Inject
    AuditLog audit;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("status") String status, @QueryParam("done") String done) {
        // a filter that names no status says so, rather than listing every message under "All"
        if (status != null && !status.isBlank() && OutboxStatus.of(status).isEmpty()) {
            throw new BadRequestException("There is no message status called \"" + Text.printable(status, 40)
                    + "\": choose pending, sent or failed.");
        }
        return Templates.page(view(status, flash(done), null, null));
    }

    /** Queues a failed message again; {@code status} is the tab it was clicked on, where the answer goes back to. */
    @POST
    @Path("/{id}/retry")
    public Response retry(@PathParam("id") String id, @FormParam("status") String status) {
        UUID uuid = Ids.uuid(id).orElseThrow(NotFoundException::new);
        OutboxBook.Retry done = outbox.retry(uuid, user.getUsername(), user.getName());
        if (done == OutboxBook.Retry.MISSING) {
            throw new NotFoundException();
        }
        if (done == OutboxBook.Retry.NOT_FAILED) {
            return seeOther("not-failed", status);
        }
        outbox.wake();
        return seeOther(done == OutboxBook.Retry.QUEUED_SET_ASIDE ? "retried-set-aside" : "retried", status);
    }

    /** "Send the failed this week again": every message of the last 7 days that failed, back in the queue. */
    @POST
    @Path("/retry-failed")
    public Response retryFailed(@FormParam("status") String status) {
        int queued = outbox.retryFailed(user.getUsername(), user.getName());
        if (queued == 0) {
            return seeOther("none-failed", status);
        }
        outbox.wake();
        return seeOther("retried-all", status);
    }

    @POST
    @Path("/digests")
    public Response runDigests() {
        int queued = QuarkusTransaction.requiringNew().call(() -> {
            int n = digests.queueDue(user.getTenantId());
            audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.DIGEST, "run",
                    "Digests run by hand: " + n + (n == 1 ? " digest" : " digests") + " queued", List.of()));
            return n;
        });
        outbox.wake();
        return seeOther(queued == 0 ? "no-digests" : "digests");
    }

    /** Saves the webhook form: url, enabled (checkbox), one checkbox per rule; 422 with the form when wrong. */
    @POST
    @Path("/webhook")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response webhook(MultivaluedMap<String, String> form) {
        String url = Optional.ofNullable(form.getFirst("url")).orElse("").strip();
        List<AlertRule> rules = new ArrayList<>();
        Optional<String> unknown = RequestBodies.formRules(form.get("events"), rules);
        boolean enabled = "on".equals(form.getFirst("enabled")) || "true".equals(form.getFirst("enabled"));
        // what the form showed when opened: a field left so keeps another admin's change made meanwhile
        Optional<Webhooks.Settings> opened = form.getFirst("was.enabled") == null ? Optional.empty()
                : Optional.of(new Webhooks.Settings(Optional.ofNullable(form.getFirst("was.url")).orElse(""),
                        Optional.ofNullable(form.get("was.events")).orElse(List.of()),
                        "true".equals(form.getFirst("was.enabled"))));
        Optional<String> problem = guard.problem(url, enabled);
        Webhooks.Settings typed = new Webhooks.Settings(url, rules.stream().map(AlertRule::key).toList(), enabled);
        if (unknown.isPresent() || problem.isPresent()) {
            return refused(typed, opened, unknown.isPresent()
                    ? "Nothing was saved. " + RequestBodies.notARule(unknown.get())
                    : "Nothing was saved: the webhook URL needs a fix.", problem.orElse(null));
        }
        if (opened.isPresent()) {
            Optional<String> merged = webhooks.saveChanged(user.getUsername(), user.getName(), opened.get(), url,
                    rules, enabled, guard::problem);
            if (merged.isPresent()) {
                // the form now as things stand: saved again, what was typed replaces their change
                return refused(typed, Optional.of(webhooks.current()), "Nothing was saved: another admin changed the"
                        + " webhook since you opened the page, and with their change it would be refused.",
                        merged.get());
            }
        } else {
            webhooks.save(user.getUsername(), user.getName(), url, rules, enabled);
        }
        return seeOther("webhook");
    }

    /** The page again with the form as typed, 422: {@code problem} is the URL's. */
    private Response refused(Webhooks.Settings typed, Optional<Webhooks.Settings> opened, String flash,
            String problem) {
        return Response.status(422).entity(Templates.page(new View(null, outbox.counts(), outbox.list(null, SHOWN),
                typed, ruleKeys(), flash, problem, opened.orElseGet(webhooks::current)))).build();
    }

    private View view(String status, String flash, Webhooks.Settings webhook, String webhookError) {
        Optional<OutboxStatus> wanted = OutboxStatus.of(status);
        Webhooks.Settings stored = webhooks.current();
        return new View(wanted.map(OutboxStatus::word).orElse(null), outbox.counts(),
                outbox.list(wanted.orElse(null), SHOWN), webhook == null ? stored : webhook, ruleKeys(),
                flash, webhookError, stored);
    }

    private static List<String> ruleKeys() {
        return Arrays.stream(AlertRule.values()).map(AlertRule::key).toList();
    }

    private static String flash(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "retried" -> "The message is queued again; it goes out within seconds if its server answers.";
            case "retried-set-aside" -> "The message is queued again. It had been set aside unsent: it goes out only"
                    + " if that reason no longer holds (its recipient takes that email again, the webhook is back);"
                    + " otherwise it is set aside again at once, and nothing is sent.";
            case "digests" -> "Due digests are queued; they go out within seconds.";
            case "no-digests" -> "No digest was queued: everyone who reads one has had today's (or this week's), or"
                    + " had nothing new to say (a digest with nothing in it is not sent).";
            case "retried-all" -> "This week's failed messages are queued again; they go out within seconds if their"
                    + " servers answer.";
            case "none-failed" -> "No failed message of this week is left to queue again (a click before this one"
                    + " may have queued them): nothing was queued.";
            case "not-failed" -> "That message is no longer failed: it was queued again already, or sent.";
            case "webhook" -> "Webhook saved.";
            default -> null;
        };
    }

    private static Response seeOther(String done) {
        return seeOther(done, null);
    }

    /** Back to the tab the action was clicked on ({@code status}, when it names one), saying what was done. */
    private static Response seeOther(String done, String status) {
        boolean tab = OutboxStatus.of(status).isPresent();
        return Response.seeOther(URI.create("/admin/outbox?" + (tab ? "status=" + status + "&" : "") + "done=" + done))
                .build();
    }
}
