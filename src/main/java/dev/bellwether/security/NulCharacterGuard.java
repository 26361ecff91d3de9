package dev.bellwether.security;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.BadRequestException;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * No value Bellwether takes may hold U+0000 (docs/imports.md: "no cell or parameter may hold U+0000";
 * PostgreSQL cannot store it in text). Refused with 400, before anything reads the value:
 * <ul>
 * <li>in the path or the query string, by a route handler that runs before everything else;</li>
 * <li>in a form field (pages' forms, multipart fields that are not files), by {@link #forms};</li>
 * <li>in a JSON string, by {@link NulRejectingJson}.</li>
 * </ul>
 * Files are the importer's business: it reports a NUL in a CSV with its line and column.
 */
@ApplicationScoped
public class NulCharacterGuard {

    static final String MESSAGE = "U+0000 (a NUL character) is not allowed in any value.";

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(context -> {
            String uri = context.request().uri();
            if (uri.indexOf('\0') >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00")) {
                boolean api = context.normalizedPath().startsWith("/api/");
                BoundedMetricTags.refusedBeforeRouting();
                context.response().setStatusCode(400)
                        .putHeader(HttpHeaders.CONTENT_TYPE, api ? "application/json" : "text/plain; charset=UTF-8")
                        .end(api ? "{\"status\":400,\"error\":\"bad_request\",\"message\":\"" + MESSAGE + "\"}"
                                : MESSAGE);
                return;
            }
            context.next();
        });
    }

    @ServerRequestFilter(priority = 400)
    @WithFormRead
    public void forms(ResteasyReactiveContainerRequestContext request) {
        FormData form = ((ResteasyReactiveRequestContext) request.getServerRequestContext()).getFormData();
        if (form == null) {
            return;
        }
        for (String name : form) {
            if (name.indexOf('\0') >= 0) {
                throw new BadRequestException(MESSAGE);
            }
            for (FormValue value : form.get(name)) {
                if (!value.isFileItem() && value.getValue() != null && value.getValue().indexOf('\0') >= 0) {
                    throw new BadRequestException("Field " + name + ": " + MESSAGE);
                }
            }
        }
    }
}
