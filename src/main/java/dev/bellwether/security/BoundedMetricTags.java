package dev.bellwether.security;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the HTTP metrics' {@code uri} tag bounded. A request refused for want of credentials (401)
 * is refused before it is routed, so it has no route template and Micrometer would tag it with its
 * raw path: every made-up URL anyone sends would open new series. Those are tagged
 * {@value #UNAUTHORIZED} instead, the way Quarkus already tags unmatched paths {@code NOT_FOUND} and
 * redirects {@code REDIRECTION}.
 */
@Singleton
public class BoundedMetricTags {

    static final String UNAUTHORIZED = "UNAUTHORIZED";

    @Produces
    @Singleton
    MeterFilter unauthorizedRequestsShareOneUri() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith("http.server") && "401".equals(id.getTag("status"))
                        && id.getTag("uri") != null) {
                    return id.replaceTags(id.getTags().stream()
                            .map(tag -> tag.getKey().equals("uri") ? Tag.of("uri", UNAUTHORIZED) : tag).toList());
                }
                return id;
            }
        };
    }
}
