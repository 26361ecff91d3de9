package dev.bellwether.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * {@code GET /q/health/ready} on the app's own port too, for anyone, as the contract has it: the
 * readiness a load balancer or an orchestrator probes on the port it sends traffic to. It answers
 * SmallRye Health's readiness document without the checks' details (200 when up, 503 when the
 * database or another check is down: each check's name and status), and nothing else of the
 * management port: the details (a database check's error text names hosts and roles), metrics,
 * OpenAPI and the other health groups stay there. The checks block (the database's), so they run off
 * the event loop; an answer serves every probe of the next second, and one check runs at a time: the database's
 * takes a connection of the pool users' requests take theirs from, and anyone may probe.
 */
@ApplicationScoped
public class PublicReadiness {

    public static final String PATH = "/q/health/ready";

    /** How long an answer serves the probes after it. */
    static final long FRESH_NANOS = 1_000_000_000L;

    @Inject
    SmallRyeHealthReporter reporter;

    private final Latest latest = new Latest(() -> {
        SmallRyeHealth health = reporter.getReadiness();
        return new Answer(health.isDown() ? 503 : 200, withoutDetails(health.getPayload()).toString(), 0);
    }, System::nanoTime);

    void install(@Observes Router router) {
        router.get(PATH).blockingHandler(context -> {
            Answer answer = latest.get();
            context.response().setStatusCode(answer.status())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(answer.body());
        }, false);
    }

    /** A readiness answer: its status, its body, and when it was checked ({@link System#nanoTime}). */
    record Answer(int status, String body, long at) {
    }

    /** The latest answer while it is fresh, else a new check: one at a time, the probes meanwhile waiting for it. */
    static final class Latest {

        private final java.util.function.Supplier<Answer> check;
        private final java.util.function.LongSupplier clock;
        private volatile Answer last;

        Latest(java.util.function.Supplier<Answer> check, java.util.function.LongSupplier clock) {
            this.check = check;
            this.clock = clock;
        }

        Answer get() {
            Answer seen = last;
            if (fresh(seen)) {
                return seen;
            }
            synchronized (this) {
                seen = last;
                if (fresh(seen)) { // checked while this probe waited
                    return seen;
                }
                Answer now = check.get();
                last = new Answer(now.status(), now.body(), clock.getAsLong());
                return last;
            }
        }

        private boolean fresh(Answer answer) {
            return answer != null && clock.getAsLong() - answer.at() < FRESH_NANOS;
        }
    }

    /** The status, and each check's name and status. */
    static JsonObject withoutDetails(JsonObject payload) {
        JsonArrayBuilder checks = Json.createArrayBuilder();
        JsonArray all = payload.getJsonArray("checks");
        for (JsonValue check : all == null ? JsonValue.EMPTY_JSON_ARRAY : all) {
            JsonObject one = check.asJsonObject();
            checks.add(Json.createObjectBuilder().add("name", one.getString("name", ""))
                    .add("status", one.getString("status", "DOWN")));
        }
        return Json.createObjectBuilder().add("status", payload.getString("status", "DOWN")).add("checks", checks)
                .build();
    }
}
