package dev.bellwether.web;

import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.bellwether.platform.JsonPlace;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantMissingException;
import dev.bellwether.tenant.TenantRefusedException;
import dev.bellwether.tenant.TenantRequestFilter;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;

/**
 * Answers errors the way the caller reads them: JSON for the API, a page in the layout otherwise.
 * A missing row and another tenant's row are the same 404, so nothing reveals that the other exists.
 */
public class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @Inject
    AllowedMethods allowedMethods;

    @Inject
    CurrentUser user;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance error(int status, String title, String message);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        // the operator refused by a route's roles (answered before the tenant filter) is told what the filter says
        String message = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage()
                : user.isOperator() ? TenantRequestFilter.OPERATOR_REFUSAL
                : Requests.isApi(uri.getPath()) ? "Your role does not allow this call."
                        : "Your role does not give access to this page.";
        Response answer = respond(uri, 403, "Forbidden", message);
        // the organisation refused, not the action: an open page's scripts say why (app.js), background reloads too,
        // instead of a refusal of the click (the words are ours, in ASCII: fit for a header)
        return e instanceof TenantRefusedException || e instanceof TenantMissingException
                ? Response.fromResponse(answer).header(Htmx.REFUSAL, message).build() : answer;
    }

    /** 404, 400 and the other HTTP errors endpoints throw: their own message when they gave one. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status < 400 || status == 401) {
            return e.getResponse();
        }
        String title = status == 404 ? "Not found" : e.getResponse().getStatusInfo().getReasonPhrase();
        String message = frameworkWords(e.getMessage(), status) ? plain(status, title, Requests.isApi(uri.getPath()))
                : e.getMessage();
        Response answer = respond(uri, status, title, status == 400 ? unreadableJson(e).orElse(message) : message);
        String retryAfter = e.getResponse().getHeaderString("Retry-After"); // a 429's or 503's wait, kept
        if (retryAfter != null) {
            return Response.fromResponse(answer).header("Retry-After", retryAfter).build();
        }
        // what the address does take, which the REST layer's own 405 does not say
        String allow = status == 405 ? e.getResponse().getHeaderString("Allow") : null;
        return status != 405 ? answer : Response.fromResponse(answer)
                .header("Allow", allow != null ? allow : allowedMethods.allow(uri.getPath()).orElse(null)).build();
    }

    /**
     * Whether {@code message} is the REST layer's own ("HTTP 404 Not Found", "Unable to find matching target resource
     * method"), not words of ours: the page then says it plainly.
     */
    private static boolean frameworkWords(String message, int status) {
        return message == null || message.startsWith("HTTP " + status) || message.startsWith("Unable to find matching")
                || message.startsWith("The content-type header value did not match")
                || message.startsWith("The accept header value did not match");
    }

    /** What a refusal in the REST layer's words means, said to a person on a page or to a script on the API. */
    private static String plain(int status, String title, boolean api) {
        return switch (status) {
            case 404 -> "There is nothing at this address.";
            case 405 -> api ? "This address does not take that method: docs/api.md lists the calls each address"
                    + " answers." : "This address does not take that kind of request (a form's address opened again,"
                            + " say): go back to the page it came from.";
            case 406 -> api ? "This call answers application/json: ask for that (Accept header), or for anything."
                    : "This page answers text/html: ask for that (Accept header), or for anything.";
            case 415 -> api ? "This call does not take a body of that type (Content-Type header): send JSON as"
                    + " application/json, and files to import as multipart/form-data (one CSV may be text/csv)."
                    : "This address does not take a form sent that way: go back to the page and send it again.";
            default -> title;
        };
    }

    /** What a JSON body the REST layer could not read got wrong, and where: "… (line 1, column 24)". */
    private static Optional<String> unreadableJson(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json && json.getOriginalMessage() != null) {
                String message = json.getOriginalMessage().lines().findFirst().orElse("").strip();
                return Optional.of("The body is not JSON that can be read: " + message
                        + JsonPlace.of(json.getLocation()));
            }
        }
        return Optional.empty();
    }

    /** A defect of ours: logged with its trace, and answered as a plain 500 that tells nothing of it. */
    public static Response internalError(UriInfo uri, Throwable e) {
        LOG.error("Unhandled error", e);
        return respond(uri, 500, "Internal error", "Something went wrong on our side.");
    }

    /** An error answer: {@link ApiError} JSON under {@code /api}, the error page elsewhere. */
    public static Response respond(UriInfo uri, int status, String title, String message) {
        if (Requests.isApi(uri.getPath())) {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(status, title.toLowerCase().replace(' ', '_'), message)).build();
        }
        // without the layout's freshness badge: it reads the database, which may be what failed (a 503 would
        // become a 500 while it is written), and an error shows no figures
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, message).data("errorPage", true)).build();
    }
}
