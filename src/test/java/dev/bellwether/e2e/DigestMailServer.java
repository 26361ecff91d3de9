package dev.bellwether.e2e;

import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real SMTP server (GreenMail) in the test JVM for the packaged app of {@link DigestIT}: the app's
 * mailer points at it, and the outbox worker looks for messages every second.
 */
public class DigestMailServer implements QuarkusTestResourceLifecycleManager {

    static final int PORT = Integer.getInteger("bellwether.test.smtp-port", 3125) + 1;

    private static volatile GreenMail server;

    @Override
    public Map<String, String> start() {
        server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(PORT),
                "quarkus.mailer.start-tls", "DISABLED", "bellwether.notifications.poll", "1s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    static GreenMail server() {
        return server;
    }
}
