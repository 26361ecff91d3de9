package dev.bellwether.team;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
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
import io.vertx.core.Future;
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

    /** The record that proves {@code domain} (lower-case, already valid) belongs to {@code owner} (a tenant). */
    public Record expected(String owner, String domain) {
        String token = HexFormat.of().formatHex(Hmac.sha256(key, owner + "\n" + domain), 0, 16);
        return new Record(recordName(domain), "TXT", PREFIX + token);
    }

    /** Where the record is looked for. */
    static String recordName(String domain) {
        return "_bellwether." + domain;
    }

    /** Looks the record up now (no cache: a record just added counts as soon as DNS serves it). */
    public Outcome check(String owner, String domain) {
        Record wanted = expected(owner, domain);
        DnsClient client = client();
        try {
            List<String> found = client.resolveTXT(wanted.name()).toCompletionStage().toCompletableFuture()
                    .get(TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
            return holds(found.stream().map(DomainProof::unquoted).toList(), wanted.value())
                    ? Outcome.PROVEN : Outcome.MISSING;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
                return Outcome.MISSING;
            }
            LOG.warnf("DNS lookup of %s failed: %s", wanted.name(), e.getCause());
            return Outcome.UNANSWERED;
        } catch (IllegalArgumentException e) { // a name DNS cannot carry (Team's pattern keeps them out)
            return Outcome.MISSING;
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

    /**
     * The addresses (IPv4 and IPv6) of {@code host}, asked of the same DNS as the proof, for the issuer
     * check ({@link IssuerAddress}); UnknownHostException when it has none, 503 when DNS does not answer.
     */
    List<InetAddress> addresses(String host) throws UnknownHostException {
        DnsClient client = client();
        try {
            List<InetAddress> found = new ArrayList<>();
            for (Future<List<String>> question : List.of(client.resolveA(host), client.resolveAAAA(host))) {
                try {
                    for (String address : question.toCompletionStage().toCompletableFuture()
                            .get(TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS)) {
                        found.add(InetAddress.getByName(address)); // a literal: no lookup
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN)) {
                        LOG.warnf("DNS lookup of %s failed: %s", host, e.getCause());
                        throw unanswered(host);
                    }
                }
            }
            if (found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return found;
        } catch (IllegalArgumentException e) { // a name DNS cannot carry
            throw new UnknownHostException(host);
        } catch (TimeoutException e) {
            throw unanswered(host);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host);
        } finally {
            client.close();
        }
    }

    private static TeamRefusal unanswered(String host) {
        return TeamRefusal.unavailable("DNS did not answer when we looked up " + host
                + "; nothing was changed. Try again in a minute.");
    }

    /** A client of the configured DNS server (or the system's), closed after one lookup. */
    private DnsClient client() {
        DnsClientOptions options = new DnsClientOptions().setQueryTimeout(TIMEOUT_MILLIS).setRecursionDesired(true);
        server.ifPresent(s -> {
            int colon = s.lastIndexOf(':');
            options.setHost(colon < 0 ? s : s.substring(0, colon));
            options.setPort(colon < 0 ? 53 : Integer.parseInt(s.substring(colon + 1)));
        });
        return vertx.createDnsClient(options);
    }

    /**
     * Whether the strings hold {@code value}: one of them, or several in a row (a record saved as more
     * than one character-string, which the resolver hands back one by one).
     */
    static boolean holds(List<String> strings, String value) {
        for (int from = 0; from < strings.size(); from++) {
            StringBuilder joined = new StringBuilder();
            for (int to = from; to < strings.size() && joined.length() < value.length(); to++) {
                joined.append(strings.get(to));
                if (joined.toString().equals(value)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String unquoted(String value) {
        String v = value.strip();
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
