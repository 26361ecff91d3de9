package dev.bellwether.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.bellwether.tenant.IdentityDirectory;

/**
 * A stand-in for the identity provider's side of tenants that records what it was asked, for the
 * operator's tests ({@link OperatorProfile} selects it; no other test sees it). It can be told to fail
 * a step, to prove that nothing is half-done then.
 */
@Alternative
@ApplicationScoped
public class RecordingDirectory implements IdentityDirectory {

    private final List<String> calls = new ArrayList<>();
    private final Map<String, String> domains = new ConcurrentHashMap<>();
    private volatile String failOn;
    private volatile String failNext;
    private volatile boolean taken;
    private volatile String afterOn;
    private volatile Runnable after;

    @Override
    public synchronized void createOrganization(String tenantId, String displayName) {
        record("createOrganization " + tenantId + " " + displayName);
    }

    @Override
    public synchronized void invite(String tenantId, String email, String role) {
        record("invite " + tenantId + " " + email + " " + role);
    }

    @Override
    public synchronized void deleteOrganization(String tenantId) {
        record("deleteOrganization " + tenantId);
    }

    @Override
    public synchronized void removeCreatedOrganization(String tenantId) {
        record("removeCreatedOrganization " + tenantId);
    }

    /** The tenant whose organization claims the domain (see {@link #claim}); a look-up, not recorded. */
    @Override
    public Optional<String> tenantOfDomain(String domain) {
        return Optional.ofNullable(domains.get(domain));
    }

    /** Makes {@code tenantId}'s organization claim the email domain {@code domain}. */
    public void claim(String domain, String tenantId) {
        domains.put(domain, tenantId);
    }

    /** Every call so far, as "method arguments…", oldest first. */
    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    /** The calls that concern {@code tenantId}. */
    public synchronized List<String> callsFor(String tenantId) {
        return calls.stream().filter(c -> c.split(" ")[1].equals(tenantId)).toList();
    }

    /** Makes the next call whose method is {@code method} fail (after recording it); null for none. */
    public void failOn(String method) {
        taken = false;
        failOn = method;
    }

    /** Makes the next call of {@code first} fail, and then the next call of {@code then}. */
    public void failOn(String first, String then) {
        failOn(first);
        failNext = then;
    }

    /** Makes the next call whose method is {@code method} find its name or address taken (a 409 of Keycloak's). */
    public void takenOn(String method) {
        failOn = method;
        taken = true;
    }

    /**
     * Runs {@code action} at the end of the next call whose method is {@code method}, which then succeeds: as if
     * something else failed while the provider did its part (the database connection was lost, say).
     */
    public void afterNext(String method, Runnable action) {
        after = action;
        afterOn = method;
    }

    private void record(String call) {
        calls.add(call);
        if (afterOn != null && call.startsWith(afterOn + " ")) {
            Runnable action = after;
            afterOn = null;
            after = null;
            action.run();
        }
        if (failOn != null && call.startsWith(failOn + " ")) {
            failOn = failNext;
            failNext = null;
            if (taken) {
                throw new IdentityDirectory.Taken(call.split(" ")[2] + " already has a Bellwether sign-in.");
            }
            throw new IllegalStateException("the identity provider is down");
        }
    }
}
