package dev.bellwether.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

/** Whose an I/O failure is: the client's body, as the REST layer reads it, or the app's own work. */
class MalformedRequestsTest {

    @Test
    void anIoFailureOfTheAppsOwnCodeIsOurs() {
        assertTrue(MalformedRequests.raisedByOurCode(new IOException("No space left on device")),
                "thrown here, in dev.bellwether");
        IOException parser = new IOException("Malformed multipart body");
        parser.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler", "handle", null, 1),
            new StackTraceElement("io.vertx.core.impl.ContextImpl", "run", null, 2) });
        assertFalse(MalformedRequests.raisedByOurCode(parser), "read by the REST layer: the client's");
        IOException wrapped = new IOException("read failed", new UncheckedIOException(new IOException("disk")));
        wrapped.setStackTrace(parser.getStackTrace());
        assertTrue(MalformedRequests.raisedByOurCode(wrapped), "a cause of ours makes it ours");
    }

    /** The REST layer saving an upload's file to a full disk: the server's failure, whoever's code met it. */
    @Test
    void aFullDiskOrTooManyFilesIsTheServersWhoeverMetIt() {
        IOException full = new IOException("No space left on device");
        full.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("sun.nio.ch.FileChannelImpl", "write", null, 1),
            new StackTraceElement("org.jboss.resteasy.reactive.server.multipart.MultiPartParserDefinition", "data",
                    null, 2) });
        assertFalse(MalformedRequests.raisedByOurCode(full), "not thrown in dev.bellwether");
        assertTrue(MalformedRequests.serverSide(full));
        assertTrue(MalformedRequests.serverSide(new IOException("upload failed", new java.nio.file
                .FileSystemException("/tmp/uploads/x: Too many open files"))));
        assertTrue(MalformedRequests.serverSide(new java.nio.file.AccessDeniedException("/tmp/uploads")));
        assertFalse(MalformedRequests.serverSide(new IOException("Connection reset")), "the client went away");
        assertFalse(MalformedRequests.serverSide(new IOException("Malformed multipart body")));
    }
}
