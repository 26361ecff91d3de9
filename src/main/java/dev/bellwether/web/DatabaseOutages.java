package dev.bellwether.web;

import java.sql.SQLException;
import java.util.Set;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.bellwether.platform.sql.SqlException;
import io.quarkus.narayana.jta.QuarkusTransactionException;

/**
 * A database the app cannot reach, which is shutting down, or whose connections are all taken is not a
 * defect of the request: the page or the API answers 503 with {@code Retry-After: 30} and says that
 * nothing was changed (to a read; a change may have been saved, and is told to look), instead of a
 * 500. Any other database error is still ours: logged, and a 500.
 * Answered like every other error ({@link ErrorMapper#respond}): JSON under {@code /api}, the error page
 * elsewhere.
 */
public class DatabaseOutages {

    static final String MESSAGE = "Bellwether cannot reach its database right now. Nothing was changed: "
            + "try again in a minute.";

    /** Said to a change: it may have been saved before the page answering it could be read. */
    static final String CHANGE_MESSAGE = "Bellwether cannot reach its database right now, so this may or may not"
            + " have been done: in a minute, reload the page to see, before trying again.";

    /**
     * SQLSTATEs of an unreachable or unavailable server: connection exceptions (class 08), the server
     * shutting down or starting (57P01–57P03), too many connections (53300).
     */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class);

    @ServerExceptionMapper
    public Response sql(SqlException e, UriInfo uri, Request request) {
        return answer(e, uri, request);
    }

    @ServerExceptionMapper
    public Response persistence(PersistenceException e, UriInfo uri, Request request) {
        return answer(e, uri, request);
    }

    /**
     * A connection asked for inside {@code QuarkusTransaction.call}, or a checked {@link SQLException} wrapped where
     * it was read: an outage as any other (it was Quarkus's bare 500, without the layout or the API's JSON), or a
     * defect of ours answered as one.
     */
    @ServerExceptionMapper
    public Response transaction(QuarkusTransactionException e, UriInfo uri, Request request) {
        return answer(e, uri, request);
    }

    @ServerExceptionMapper
    public Response illegalState(IllegalStateException e, UriInfo uri, Request request) {
        return answer(e, uri, request);
    }

    /** Whether {@code e} comes of a database that cannot be reached or serve a connection now. */
    static boolean unavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || UNAVAILABLE.contains(state))) {
                    return true;
                }
                // the pool's own refusal: every connection is taken (Agroal gives it no SQLSTATE)
                if (state == null && sql.getMessage() != null && sql.getMessage().contains("acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Response answer(RuntimeException e, UriInfo uri, Request request) {
        if (unavailable(e)) {
            LOG.warnf("Answered 503, the database is unavailable: %s", e.getMessage());
            // a change may have been saved before the answer's own reads failed (an alert acknowledged, then the
            // page drawn): "nothing was changed" is said only to a read
            boolean read = request == null || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            return Response.fromResponse(ErrorMapper.respond(uri, 503, "Service unavailable",
                    read ? MESSAGE : CHANGE_MESSAGE)).header("Retry-After", "30").build();
        }
        return ErrorMapper.internalError(uri, e);
    }
}
