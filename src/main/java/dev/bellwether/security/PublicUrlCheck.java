package dev.bellwether.security;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Production refuses to start while {@code BW_PUBLIC_URL} is not an address users can reach: left at its
 * default ({@code http://localhost:8080}) or any other loopback address, every invitation, alert e-mail, digest
 * and webhook message would link to the reader's own machine, and nobody would notice until the first one
 * went out. Demo machines, which do run on localhost, say so with {@code BW_ALLOW_DEMO_SECRETS=true}, as for
 * the demo secrets ({@link DemoSecretsCheck}).
 */
@ApplicationScoped
public class PublicUrlCheck {

    static final String PROPERTY = "bellwether.notifications.public-url";

    /** 127.0.0.0/8 written as an address (a host name such as 127.example.com is not one). */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.\\d{1,3}){3}");

    void onStart(@Observes StartupEvent event) {
        Config config = ConfigProvider.getConfig();
        Optional<String> refusal = refusal(LaunchMode.current(),
                config.getOptionalValue(DemoSecretsCheck.ALLOW, Boolean.class).orElse(false),
                config.getOptionalValue(PROPERTY, String.class).orElse(""));
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
    }

    /** Why production may not start with this public address, or empty when it may. */
    static Optional<String> refusal(LaunchMode mode, boolean demoAllowed, String publicUrl) {
        if (mode != LaunchMode.NORMAL || demoAllowed) {
            return Optional.empty();
        }
        // spaces around it (an env file's trailing blank) would go into every link and the invitations' return
        String problem = publicUrl.equals(publicUrl.strip()) ? problem(publicUrl)
                : "'" + publicUrl + "', which has spaces around it";
        return problem == null ? Optional.empty()
                : Optional.of("Bellwether will not start in production with BW_PUBLIC_URL " + problem + ": set it to"
                        + " the address users reach the app at (https://bellwether.example.com), or set"
                        + " BW_ALLOW_DEMO_SECRETS=true on a demo machine. See docs/deployment.md.");
    }

    /** What is wrong with {@code url} as the address in links users follow, or null when nothing is. */
    private static String problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return "'" + url + "', which is not an address";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || host.isEmpty()) {
            return "'" + url + "', which is not an http(s) address with a host";
        }
        if (host.equals("localhost") || host.endsWith(".localhost") || LOOPBACK_V4.matcher(host).matches()
                || host.equals("[::1]") || host.equals("0.0.0.0")) {
            return "'" + url + "', which only the machine itself can reach";
        }
        return null;
    }
}
