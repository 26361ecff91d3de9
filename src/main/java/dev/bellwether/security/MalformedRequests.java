package dev.bellwether.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.web.ApiError;

/**
 * Bodies the app could not even read are the client's fault: 400 with what was wrong, never a 500.
 * A multipart body that is empty, cut short or without its boundary fails in the form parser with
 * an {@link IOException} before any endpoint runs; a JSON string holding U+0000 fails while it is
 * read ({@link NulRejectingJson}).
 */
public class MalformedRequests {

    @ServerExceptionMapper
    public Response nulInJson(NulRejectingJson.NulInJson e) {
        return badRequest(NulCharacterGuard.MESSAGE);
    }

    @ServerExceptionMapper
    public Response unreadableBody(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (message.contains("multipart") || message.contains("boundary")) {
            return badRequest("The request body is not a complete multipart/form-data body: " + e.getMessage()
                    + ". Send each CSV (or a .zip) as a part named file.");
        }
        return null; // not ours: the default handling applies
    }

    private static Response badRequest(String message) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(400, "bad_request", message)).build();
    }
}
