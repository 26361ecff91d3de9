package dev.bellwether.team;

import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidFields;
import dev.bellwether.web.ErrorMapper;

/**
 * A team change refused before anything was written: 422 with the fields at fault, 409 when it
 * would leave the tenant without an enabled admin or the person already has an account, 404 for a
 * person who is not in the tenant (another tenant's member looks exactly like nobody), 429 for an address
 * sent too many invitations lately.
 */
public class TeamRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<FieldError> errors;

    private TeamRefusal(int status, String message, List<FieldError> errors) {
        super(message, null, false, false);
        this.status = status;
        this.errors = errors;
    }

    public static TeamRefusal invalid(List<FieldError> errors) {
        return new TeamRefusal(422, errors.get(0).message(), List.copyOf(errors));
    }

    public static TeamRefusal conflict(String message) {
        return new TeamRefusal(409, message, List.of());
    }

    /** Too many invitation emails to one address lately: 429, nothing was sent. */
    public static TeamRefusal tooMany(String message) {
        return new TeamRefusal(429, message, List.of());
    }

    /** Something the check depends on did not answer (DNS): 503, nothing was changed. */
    public static TeamRefusal unavailable(String message) {
        return new TeamRefusal(503, message, List.of());
    }

    /** The one acting is no longer an enabled admin of the tenant (their token outlived the change): 403. */
    public static TeamRefusal noLongerAdmin() {
        return new TeamRefusal(403, "You are no longer an enabled admin of this organisation; nothing was changed.",
                List.of());
    }

    /**
     * {@code address} has used the invitation and signs in: there is no invitation left to withdraw (409); worded for
     * a member disabled already when {@code enabled} is false (disabling them is no advice then).
     */
    public static TeamRefusal invitationUsed(String address, boolean enabled) {
        return conflict(address + " has used the invitation and signs in: " + (enabled ? "disable them instead."
                : "they stay disabled; only an invitation not used yet can be withdrawn."));
    }

    public static TeamRefusal notFound() {
        return new TeamRefusal(404, "No such member or invitation in your organisation.", List.of());
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** Where no page answers it itself: JSON under /api, the error page elsewhere. */
    public static class Mapper {
        @ServerExceptionMapper
        public Response map(TeamRefusal e, UriInfo uri) {
            if (e.status == 422 && uri.getPath().startsWith("/api/")) {
                return InvalidFields.response(e.errors);
            }
            String title = switch (e.status) {
                case 403 -> "Forbidden";
                case 404 -> "Not found";
                case 409 -> "Conflict";
                case 429 -> "Too many requests";
                case 503 -> "Service unavailable";
                default -> "Unprocessable";
            };
            return ErrorMapper.respond(uri, e.status, title, e.getMessage());
        }

        @ServerExceptionMapper
        public Response unavailable(KeycloakAdmin.Unavailable e, UriInfo uri) {
            org.jboss.logging.Logger.getLogger(Mapper.class).error(e.getMessage(), e.getCause());
            return ErrorMapper.respond(uri, 503, "Service unavailable", e instanceof KeycloakSso.HalfConnected
                    ? "The sign-in service stopped answering while your provider was being connected: it may be"
                            + " connected only in part. Send the same settings again in a minute to complete it."
                    : "The sign-in service did not answer; nothing was changed. Try again in a minute.");
        }
    }
}
