package dev.bellwether.testing;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a free local port standing in for a webhook's receiver (Slack, Teams, a
 * customer's endpoint): hands every request, whatever its path, to a handler, then answers a fixed
 * status with no body. The app refuses private addresses unless the test allows them
 * ({@code WebhookGuard.allowPrivate}).
 */
public final class WebhookReceiver implements AutoCloseable {

    private final HttpServer server;

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    /** Starts a receiver that lets {@code onCall} see each request, then answers {@code status}. */
    public static WebhookReceiver start(int status, HttpHandler onCall) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            onCall.handle(exchange);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return new WebhookReceiver(server);
    }

    /** The receiver's address without a path, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
