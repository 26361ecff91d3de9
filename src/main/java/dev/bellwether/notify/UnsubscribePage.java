package dev.bellwether.notify;

import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.platform.sql.Database;
import dev.bellwether.tenant.TenantContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /unsubscribe/<token>}: the link at the foot of every digest and alert email, and in its
 * {@code List-Unsubscribe} header. Nobody needs to sign in: the token names the address and is signed
 * ({@link UnsubscribeLinks}). {@code GET} asks (a mail scanner that opens links changes nothing); {@code POST}
 * switches that kind of email off, from the page's button or from a mail program's one-click unsubscribe
 * (RFC 8058: a POST of {@code List-Unsubscribe=One-Click}, whatever its body). A token this server did not make
 * is a 404 page.
 */
@Path("/unsubscribe/{token}")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class UnsubscribePage {

    /** The page: which emails to whom, for which organisation; {@code done} once switched off. */
    public record View(String email, String emails, String organisation, boolean done, boolean valid) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    UnsubscribeLinks links;

    @Inject
    NotificationSettings settings;

    @Inject
    Database database;

    @GET
    public Response ask(@PathParam("token") String token) {
        return answer(token, false);
    }

    @POST
    public Response unsubscribe(@PathParam("token") String token) {
        return answer(token, true);
    }

    private Response answer(String token, boolean act) {
        Optional<UnsubscribeLinks.Request> request = links.read(token);
        if (request.isEmpty()) {
            return Response.status(404).entity(Templates.page(new View(null, null, null, false, false))).build();
        }
        UnsubscribeLinks.Request asked = request.get();
        String organisation = TenantContext.call(asked.tenant(), () -> QuarkusTransaction.requiringNew().call(() -> {
            if (act) {
                settings.unsubscribe(asked.tenant(), asked.kind(), asked.email());
            }
            return database.first("select display_name from tenant where id = ?", row -> row.string("display_name"),
                    asked.tenant()).orElse(null);
        }));
        String emails = asked.kind() == OutboxKind.DIGEST ? "digest emails" : "emails about new alerts";
        return Response.ok(Templates.page(new View(asked.email(), emails, organisation, act, true))).build();
    }
}
