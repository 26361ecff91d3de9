package dev.bellwether.dashboard;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.web.ErrorMapper;

/**
 * Bad input to a CSM-page action (a saved view's name, an empty bulk selection): answered 422
 * naming the field, with nothing written. Pages show the message as an error; the API answers
 * {@code {errors:[{field, message}]}}.
 */
public class Unprocessable extends RuntimeException {

    /** Where no page answers it itself: 422 with the message (the error page, or JSON under /api). */
    public static class Mapper {
        @ServerExceptionMapper
        public Response map(Unprocessable e, UriInfo uri) {
            return ErrorMapper.respond(uri, 422, "Unprocessable", e.getMessage());
        }
    }

    private final String field;

    public Unprocessable(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
