package dev.bellwether.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.platform.InternalAddress;

/**
 * The server-side request forgery guard for webhook URLs: an absolute http(s) URL without user info,
 * https in production, and a host none of whose addresses is loopback, private (RFC 1918, unique
 * local IPv6), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast or the
 * wildcard address, unless {@code BW_WEBHOOK_ALLOW_PRIVATE=true}. The host is resolved, so a name
 * pointing at an internal address is refused like the address itself; the outbox checks again just
 * before each call, so a name re-pointed after it was saved is refused too.
 */
@ApplicationScoped
public class WebhookGuard {

    @Inject
    NotificationConfig config;

    private volatile boolean allowPrivate;
    private volatile boolean requireHttps;

    @PostConstruct
    void configure() {
        allowPrivate = config.webhookAllowPrivate();
        requireHttps = config.webhookRequireHttps();
    }

    /** A guard with these rules, outside the container (unit tests). */
    static WebhookGuard of(boolean allowPrivate, boolean requireHttps) {
        WebhookGuard guard = new WebhookGuard();
        guard.allowPrivate = allowPrivate;
        guard.requireHttps = requireHttps;
        return guard;
    }

    /** For tests: whether private addresses are let through. */
    void allowPrivate(boolean allow) {
        allowPrivate = allow;
    }

    /** Why {@code url} may not be called, or empty when it may. */
    public Optional<String> problem(String url) {
        return problem(url, true);
    }

    /**
     * Why {@code url} may not be saved, or empty when it may. A webhook being switched off is only checked for
     * its form: its host may have stopped resolving or moved, and that must not keep it on.
     */
    public Optional<String> problem(String url, boolean enabled) {
        if (url == null || url.isBlank()) {
            return Optional.of("url is required");
        }
        if (url.length() > 2000) {
            return Optional.of("url must be at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return Optional.of("url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("url must start with https://");
        }
        if (scheme.equals("http") && requireHttps && !allowPrivate) {
            return Optional.of("url must use https");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("url must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("url must not carry a user name or password");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            return Optional.of("url's port must be from 1 to 65535 (or left out)");
        }
        if (allowPrivate || !enabled) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("url's host " + uri.getHost() + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (InternalAddress.is(address)) {
                return Optional.of("url's host " + uri.getHost() + " is a loopback, private or link-local address ("
                        + address.getHostAddress() + "); webhooks must go to the public internet");
            }
        }
        return Optional.empty();
    }
}
