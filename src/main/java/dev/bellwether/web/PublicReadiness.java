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
 * the event loop.
 */
@ApplicationScoped
public class PublicReadiness {

    public static final String PATH = "/q/health/ready";

    @Inject
    SmallRyeHealthReporter reporter;

    void install(@Observes Router router) {
        router.get(PATH).blockingHandler(context -> {
            SmallRyeHealth health = reporter.getReadiness();
            context.response().setStatusCode(health.isDown() ? 503 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=UTF-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(withoutDetails(health.getPayload()).toString());
        }, false);
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
