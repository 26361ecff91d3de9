package dev.bellwether.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.web.ErrorMapper;

/**
 * Bodies the app could not even read are the client's fault: 400 with what was wrong, never a 500.
 * A multipart body that is empty, cut short or without its boundary fails in the form parser with
 * an {@link IOException} before any endpoint runs; a JSON string holding U+0000 fails while it is
 * read ({@link NulRejectingJson}). Answered like every other error ({@link ErrorMapper#respond}): JSON
 * under {@code /api}, the error page elsewhere.
 */
public class MalformedRequests {

    private static final Logger LOG = Logger.getLogger(MalformedRequests.class);

    @ServerExceptionMapper
    public Response nulInJson(NulRejectingJson.NulInJson e, UriInfo uri) {
        return badRequest(uri, NulCharacterGuard.MESSAGE);
    }

    /** Reaching the REST layer, an I/O failure is one of reading the client's body (cut short, malformed). */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("multipart") || message.contains("boundary")) {
            return badRequest(uri, "The request body is not a complete multipart/form-data body: " + e.getMessage()
                    + ". Send each CSV (or a .zip) as a part named file.");
        }
        return badRequest(uri, "The request body could not be read: " + e.getMessage());
    }

    /**
     * A form body with broken percent-encoding ({@code %%%}) fails in the form decoder with an
     * {@link IllegalArgumentException}; that one is the client's fault. Any other one is a defect of
     * ours: logged, and answered as a plain 500.
     */
    @ServerExceptionMapper
    public Response undecodableForm(IllegalArgumentException e, UriInfo uri) {
        if (fromFormDecoding(e)) {
            return badRequest(uri, "The form could not be decoded: " + e.getMessage());
        }
        LOG.error("Unhandled error", e);
        return ErrorMapper.respond(uri, 500, "Internal error", "Something went wrong on our side.");
    }

    private static boolean fromFormDecoding(IllegalArgumentException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("Failed to decode")) {
            return false;
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.")) {
                return true;
            }
        }
        return false;
    }

    private static Response badRequest(UriInfo uri, String message) {
        return ErrorMapper.respond(uri, 400, "Bad request", message);
    }
}
