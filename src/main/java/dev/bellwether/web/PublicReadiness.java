package dev.bellwether.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * {@code GET /q/health/ready} on the app's own port too, for anyone, as the contract has it: the
 * readiness a load balancer or an orchestrator probes on the port it sends traffic to. It answers
 * SmallRye Health's readiness document, the same as the management port's (200 when up, 503 when the
 * database or another check is down), and nothing else of the management port: metrics, OpenAPI and
 * the other health groups stay there. The checks block (the database's), so they run off the event loop.
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
                    .end(health.getPayload().toString());
        }, false);
    }
}
