package dev.bellwether.security;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.Locale;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.bellwether.platform.JsonPlace;
import dev.bellwether.web.ErrorMapper;

/**
 * Bodies the app could not even read are the client's fault: 400 with what was wrong, never a 500 (an I/O
 * failure of the app's own, past the reading of the body, is a logged 500).
 * A multipart body that is empty, cut short or without its boundary fails in the form parser with
 * an {@link IOException} before any endpoint runs; a JSON string holding U+0000 fails while it is
 * read ({@link NulRejectingJson}). Answered like every other error ({@link ErrorMapper#respond}): JSON
 * under {@code /api}, the error page elsewhere.
 */
public class MalformedRequests {

    /** What the operating system says of a failure of its own (a disk, a quota, file handles), not the client's. */
    private static final List<String> SERVER_FAILURES = List.of("No space left on device", "Disk quota exceeded",
            "Too many open files", "Read-only file system");

    @ServerExceptionMapper
    public Response nulInJson(NulRejectingJson.NulInJson e, UriInfo uri) {
        return badRequest(uri, NulCharacterGuard.MESSAGE);
    }

    /**
     * JSON the REST layer parsed but could not bind (a value after the body's first, a list where text belongs)
     * fails with Jackson's {@link MismatchedInputException}, which Quarkus's own mapper answers as an empty 400:
     * here what is wrong, and where, as for JSON that does not parse. One our own code raised is ours: a 500.
     */
    @ServerExceptionMapper
    public Response unboundJson(MismatchedInputException e, UriInfo uri) {
        if (!thrownIn(e, "io.quarkus.resteasy.reactive.jackson.")) {
            return ErrorMapper.internalError(uri, e);
        }
        String path = JsonPlace.path(e);
        String what = JsonPlace.trailing(e) ? JsonPlace.AFTER_THE_VALUE
                : (path.isEmpty() ? "the body" : path) + " holds a value of the wrong kind";
        return badRequest(uri, "The body is not JSON that can be read: " + what + JsonPlace.of(e.getLocation()));
    }

    /**
     * JSON past Jackson's limits (nested over 1,000 deep, a number of over 1,000 digits, a name of over 50,000
     * characters) is refused while it is read, with an exception that is no parse error to the REST layer: it
     * reached {@link #unreadableBody} from inside {@link NulRejectingJson}, our own code, and was a 500.
     */
    @ServerExceptionMapper
    public Response oversizedJson(StreamConstraintsException e, UriInfo uri) {
        if (!thrownIn(e, "io.quarkus.resteasy.reactive.jackson.")) { // not a request's body: one of ours
            return ErrorMapper.internalError(uri, e);
        }
        return badRequest(uri, "The body is not JSON that can be read: " + e.getOriginalMessage()
                + JsonPlace.of(e.getLocation()));
    }

    /**
     * An I/O failure while the REST layer reads the client's body (cut short, malformed) is the client's: 400.
     * One raised by our own code (a temporary file, a disk that is full) is ours: logged, and a plain 500,
     * never the client's fault with our error's text.
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        if (raisedByOurCode(e) || serverSide(e)) {
            return ErrorMapper.internalError(uri, e);
        }
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
        return ErrorMapper.internalError(uri, e);
    }

    /** Whether {@code e}, or what caused it, was thrown from the app's own code (the body is read before it). */
    static boolean raisedByOurCode(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (thrownIn(cause, "dev.bellwether.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e}, or what caused it, is this server's failure whoever's code met it: the REST layer saving a
     * multipart body's file to a full disk threw "No space left on device", then blamed on the client as a 400 that
     * nobody logged.
     */
    static boolean serverSide(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            if (cause instanceof FileSystemException || SERVER_FAILURES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a frame of {@code e}'s own stack is in a class of the package {@code prefix} names. */
    private static boolean thrownIn(Throwable e, String prefix) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean fromFormDecoding(IllegalArgumentException e) {
        return e.getMessage() != null && e.getMessage().startsWith("Failed to decode")
                && thrownIn(e, "org.jboss.resteasy.reactive.");
    }

    private static Response badRequest(UriInfo uri, String message) {
        return ErrorMapper.respond(uri, 400, "Bad request", message);
    }
}
