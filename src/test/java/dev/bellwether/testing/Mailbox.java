package dev.bellwether.testing;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * A real SMTP server inside the test JVM (GreenMail) on the port the test profile points the mailer
 * at, which tests start and stop to play an SMTP outage. Reads what it received.
 */
public final class Mailbox implements AutoCloseable {

    public static final int PORT = Integer.getInteger("bellwether.test.smtp-port", 3125);

    private GreenMail server;

    /**
     * Starts accepting mail (a new, empty server). The port may still be held for a few seconds by the
     * connections of a server just stopped (or a test's own socket on it) while they close: the bind is
     * tried again for up to 30 s.
     */
    public Mailbox start() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            try {
                server.start();
                return this;
            } catch (IllegalStateException portBusy) {
                server.stop();
                server = null;
                if (System.nanoTime() > deadline) {
                    throw portBusy;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw portBusy;
                }
            }
        }
    }

    /** Stops the server: the port is closed, connections are refused. */
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Everything received so far. */
    public List<MimeMessage> received() {
        return server == null ? List.of() : Arrays.asList(server.getReceivedMessages());
    }

    /** The messages received for {@code address}. */
    public List<MimeMessage> to(String address) {
        return received().stream().filter(m -> recipients(m).contains(address)).toList();
    }

    public static List<String> recipients(MimeMessage message) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message's part of this type ({@code text/plain}, {@code text/html}), decoded. */
    public static String part(MimeMessage message, String type) {
        try {
            String found = find(message.getContent(), message.getContentType(), type);
            if (found == null) {
                throw new AssertionError("No " + type + " part in " + subject(message));
            }
            return found.replace("\r\n", "\n");
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String find(Object content, String contentType, String type)
            throws MessagingException, IOException {
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                String found = find(part.getContent(), part.getContentType(), type);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return content instanceof String text && contentType.toLowerCase().startsWith(type) ? text : null;
    }
}
