package dev.bellwether.notify;

import java.util.Optional;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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
 * (RFC 8058: a POST of {@code List-Unsubscribe=One-Click}, whatever its body and whatever it accepts back). A
 * token this server did not make, or one of an organisation deleted since, is a 404 page.
 */
@Path("/unsubscribe/{token}")
@PermitAll
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

    /** No {@code @Produces}: a mail program's POST may accept anything, and is answered the page all the same. */
    @POST
    public Response unsubscribe(@PathParam("token") String token) {
        return answer(token, true);
    }

    private Response answer(String token, boolean act) {
        Optional<View> view = links.read(token).flatMap(asked -> TenantContext.call(asked.tenant(),
                () -> QuarkusTransaction.requiringNew().call(() -> {
                    Optional<UnsubscribeLinks.Organisation> organisation = database.with(
                            c -> UnsubscribeLinks.organisation(c, asked.tenant()))
                            .filter(o -> asked.sameTenant(o.created()));
                    if (organisation.isEmpty()) { // deleted; or deleted, and another given its id since
                        return Optional.<View>empty();
                    }
                    if (act) {
                        settings.unsubscribe(asked.tenant(), asked.kind(), asked.email());
                    }
                    return Optional.of(new View(asked.email(), asked.kind() == OutboxKind.DIGEST ? "digest emails"
                            : "emails about new alerts", organisation.get().name(), act, true));
                })));
        return Response.status(view.isPresent() ? 200 : 404)
                .entity(Templates.page(view.orElse(new View(null, null, null, false, false))))
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
