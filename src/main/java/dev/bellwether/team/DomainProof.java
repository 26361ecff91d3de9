package dev.bellwether.team;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.bellwether.platform.Hmac;
import io.vertx.core.Vertx;
import io.vertx.core.dns.DnsClient;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;

/**
 * Proof that a tenant controls an email domain before its sign-in claims it: a DNS TXT record named
 * {@code _bellwether.<domain>} holding {@code bellwether-domain-verification=<token>}, where the token
 * is an HMAC of the tenant and the domain under a server secret. The token is the same every time it
 * is asked for, so nothing is stored until the domain is proven; another tenant cannot reuse it, and
 * nobody can compute it without the secret.
 */
@ApplicationScoped
public class DomainProof {

    private static final Logger LOG = Logger.getLogger(DomainProof.class);
    private static final String PREFIX = "bellwether-domain-verification=";
    private static final long TIMEOUT_MILLIS = 4000;

    /** The record to add at the domain's DNS provider. */
    public record Record(String name, String type, String value) {
    }

    /** What a lookup found: the record, no record (or another value), or no answer from DNS. */
    public enum Outcome { PROVEN, MISSING, UNANSWERED }

    private final SecretKeySpec key;
    private final Vertx vertx;
    private final Optional<String> server;

    @Inject
    DomainProof(@ConfigProperty(name = "bellwether.team.domain-proof-secret") String secret,
            @ConfigProperty(name = "bellwether.team.dns-server") Optional<String> server, Vertx vertx) {
        this.key = Hmac.derivedKey(secret, "bellwether-domain-proof-v1");
        this.server = server.map(String::strip).filter(s -> !s.isEmpty());
        this.vertx = vertx;
    }

    /** The record that proves {@code domain} (lower-case, already valid) belongs to {@code tenant}. */
    public Record expected(String tenant, String domain) {
        String token = HexFormat.of().formatHex(Hmac.sha256(key, tenant + "\n" + domain), 0, 16);
        return new Record("_bellwether." + domain, "TXT", PREFIX + token);
    }

    /** Looks the record up now (no cache: a record just added counts as soon as DNS serves it). */
    public Outcome check(String tenant, String domain) {
        Record wanted = expected(tenant, domain);
        DnsClientOptions options = new DnsClientOptions().setQueryTimeout(TIMEOUT_MILLIS).setRecursionDesired(true);
        server.ifPresent(s -> {
            int colon = s.lastIndexOf(':');
            options.setHost(colon < 0 ? s : s.substring(0, colon));
            options.setPort(colon < 0 ? 53 : Integer.parseInt(s.substring(colon + 1)));
        });
        DnsClient client = vertx.createDnsClient(options);
        try {
            List<String> found = client.resolveTXT(wanted.name()).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
            return found.stream().map(DomainProof::unquoted).anyMatch(wanted.value()::equals)
                    ? Outcome.PROVEN : Outcome.MISSING;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
                return Outcome.MISSING;
            }
            LOG.warnf("DNS lookup of %s failed: %s", wanted.name(), e.getCause());
            return Outcome.UNANSWERED;
        } catch (TimeoutException e) {
            LOG.warnf("DNS lookup of %s timed out", wanted.name());
            return Outcome.UNANSWERED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNANSWERED;
        } finally {
            client.close();
        }
    }

    private static String unquoted(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
