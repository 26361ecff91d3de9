package dev.bellwether.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.team.LapsedInvitations;
import dev.bellwether.team.SignInAddress;
import dev.bellwether.team.Team;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.IdentityDirectory;
import dev.bellwether.tenant.TenantContext;
import dev.bellwether.tenant.TenantDeleted;
import dev.bellwether.tenant.TenantRegistry;
import dev.bellwether.tenant.TenantStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The platform operator's work on tenants: list, create (row plus the identity provider's organization
 * and the first admin's invitation), suspend and resume, delete (every row and partition, then the
 * organization). Every action is recorded in {@link PlatformAudit}. Runs on connections without a
 * tenant, through V21's platform functions; the operator never reads a tenant's business data.
 */
@ApplicationScoped
public class PlatformTenants {

    private static final Logger LOG = Logger.getLogger(PlatformTenants.class);

    /** A tenant as the operator sees it: no business data, only sizes and dates. */
    public record Listed(String id, String name, TenantStatus status, Instant createdAt, Instant statusChangedAt,
            long accounts, long users, Instant lastImport, long rows, long dataBytes) {
    }

    /** What a deletion removed: rows per table (a dropped partition counts under its parent's name). */
    public record Deleted(String id, String name, Map<String, Long> rows) {

        public long total() {
            return rows.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** How a creation ended. */
    public enum Creation {
        CREATED, ALREADY_EXISTS
    }

    @Inject
    Database database;

    @Inject
    EntityManager em;

    @Inject
    TenantRegistry registry;

    @Inject
    PlatformAudit audit;

    @Inject
    Instance<IdentityDirectory> directories;

    @Inject
    Event<TenantDeleted> deletions;

    @Inject
    ObjectMapper json;

    @Inject
    LapsedInvitations lapsedInvitations;

    /** How long a suspension waits for the tenant's row, which an import holds for minutes; then it gives up. */
    @ConfigProperty(name = "bellwether.operator.lock-wait", defaultValue = "5s")
    Duration lockWait;

    /** How long the database step of a deletion may take: every row of the tenant goes in one transaction. */
    @ConfigProperty(name = "bellwether.operator.delete-timeout", defaultValue = "30m")
    Duration deleteTimeout;

    /** How long the database step of a deletion may take (a deletion started longer ago did not finish). */
    public Duration deleteTimeout() {
        return deleteTimeout;
    }

    public List<Listed> list() {
        return platform(() -> database.query("select * from bw_platform_tenants()", PlatformTenants::listed));
    }

    /** One tenant, counting only its rows. */
    public Optional<Listed> find(String id) {
        return platform(() -> database.first("select * from bw_platform_tenants(?)", PlatformTenants::listed, id));
    }

    private static Listed listed(Row r) {
        return new Listed(r.string("id"), r.string("display_name"), r.word("status", TenantStatus.class),
                r.instant("created_at"), r.instant("status_changed_at"), r.longValue("accounts"),
                r.longValue("users"), r.instant("last_import"), r.longValue("data_rows"), r.longValue("data_bytes"));
    }

    /**
     * Creates the tenant, its organization and the first admin's invitation in one go, so that nothing is
     * half-created: when the identity provider or the database fails, the tenant's row is rolled back and an
     * organization the provider may have made (even one whose creation seemed to fail, as on a timeout) is
     * removed with its invited member; only an organization the provider already had is left alone. The caller
     * has checked {@link NewTenant#problems()}.
     */
    public Creation create(NewTenant tenant, String actor, String actorName) {
        IdentityDirectory directory = directory();
        refuseClaimedDomain(directory, tenant);
        AtomicBoolean asked = new AtomicBoolean(); // whether the provider may hold an organization of ours
        try {
            return platform(() -> {
                if (!registry.create(tenant.id(), tenant.name())) {
                    return Creation.ALREADY_EXISTS;
                }
                audit.append(actor, actorName, PlatformAction.TENANT_CREATED, tenant.id(),
                        "Created tenant " + tenant.id() + " (" + tenant.name() + ") and invited "
                                + tenant.adminEmail() + " as its admin",
                        Map.of("name", tenant.name(), "adminEmail", tenant.adminEmail()));
                try {
                    asked.set(true);
                    directory.createOrganization(tenant.id(), tenant.name());
                } catch (IdentityDirectory.Taken e) {
                    asked.set(false); // the provider's own, or another tenant's: not ours to remove
                    throw new DirectoryFailure("create the organization", e);
                } catch (RuntimeException e) {
                    throw new DirectoryFailure("create the organization", e);
                }
                try {
                    lapsedInvitations.free(tenant.adminEmail().toLowerCase(Locale.ROOT)); // gives way if lapsed
                    directory.invite(tenant.id(), tenant.adminEmail(), CurrentUser.ADMIN);
                } catch (RuntimeException e) {
                    throw new DirectoryFailure("invite the first admin", e);
                }
                return Creation.CREATED;
            });
        } catch (RuntimeException e) {
            boolean leftOver = asked.get() && !undoOrganization(directory, tenant.id(), e);
            String leftOverNote = " The organization " + tenant.id() + " it made at the identity provider could not"
                    + " be removed: until an administrator of the provider deletes it, creating " + tenant.id()
                    + " again answers 409.";
            if (e instanceof DirectoryFailure failure) {
                // the same failure, saying what is left instead of "try again"
                throw leftOver ? DirectoryFailure.saying(failure.getMessage().replace("; try again.", ".")
                        + leftOverNote, failure.getCause()) : failure;
            }
            LOG.errorf(e, "Creating tenant %s failed in the database", tenant.id());
            throw new DatabaseFailure("The database could not create tenant " + tenant.id() + ". " + (leftOver
                    ? "Nothing was kept in Bellwether." + leftOverNote
                    : "Nothing was kept, at the identity provider either; try again."), e);
        }
    }

    /**
     * The check the team's invitations make ({@code team.Team#invite}): the first admin's address must not be at
     * a domain another organisation's sign-in claims. Refused with 422 before anything is created.
     */
    private static void refuseClaimedDomain(IdentityDirectory directory, NewTenant tenant) {
        String address = tenant.adminEmail().toLowerCase(Locale.ROOT);
        Optional<String> refusal;
        try {
            refusal = SignInAddress.claimedElsewhere(address, tenant.id(), directory::tenantOfDomain);
        } catch (RuntimeException e) {
            throw new DirectoryFailure("tell which organisation claims " + SignInAddress.domain(address), e);
        }
        if (refusal.isPresent()) {
            throw new InvalidTenant(List.of(new FieldError("adminEmail", refusal.get())));
        }
    }

    /**
     * Suspends or resumes the tenant; empty when there is no such tenant. Takes effect at the next request. A
     * database failure, or an import holding the tenant's row beyond {@code lockWait}, is a {@link DatabaseFailure}.
     */
    public Optional<Listed> setStatus(String id, TenantStatus status, String actor, String actorName) {
        // a tenant active all along (a deletion recorded as failed before its suspension existed) resumes as a no-op;
        // one whose deletion started lately is left to the row's lock: its database step holds it (under way), else
        // the check under the lock refuses it
        if (status == TenantStatus.ACTIVE && audit.unfinishedDeletions().contains(id)
                && find(id).map(t -> t.status() == TenantStatus.SUSPENDED).orElse(false)) {
            DeletionUnfinished refusal = DeletionUnfinished.of(audit, id, deleteTimeout);
            if (!refusal.lately()) {
                throw refusal;
            }
        }
        Optional<String> before;
        try {
            before = changeStatus(id, status, actor, actorName);
        } catch (DeletionUnfinished e) {
            throw e;
        } catch (RuntimeException e) {
            // the change and its audit entry are one transaction: rolled back together
            DeletionUnderWay.ifBusyWithIt(audit, id, deleteTimeout, e);
            LOG.errorf(e, "Changing the status of tenant %s failed in the database", id);
            throw new DatabaseFailure(busy(e) ? busy(id) + " Nothing was changed; try again when it ends."
                    : "The database could not change the status of tenant " + id + "; nothing was changed. Try again"
                            + " in a minute.", e);
        }
        return before.isEmpty() ? Optional.empty() : find(id);
    }

    /** The status before, once changed (empty when there is no such tenant). */
    private Optional<String> changeStatus(String id, TenantStatus status, String actor, String actorName) {
        return platform(() -> {
            Optional<String> old = statusRow(id, status, actor, actorName);
            // again under the row's lock: a deletion that began since the check above has committed its start by
            // now, and must not be undone by a resume racing it (rolled back with this change)
            if (status == TenantStatus.ACTIVE && old.filter(TenantStatus.SUSPENDED.word()::equals).isPresent()
                    && audit.unfinishedDeletions().contains(id)) {
                throw DeletionUnfinished.of(audit, id, deleteTimeout);
            }
            if (old.isPresent() && !old.get().equals(status.word())) {
                boolean suspended = status == TenantStatus.SUSPENDED;
                audit.append(actor, actorName, suspended ? PlatformAction.TENANT_SUSPENDED
                        : PlatformAction.TENANT_RESUMED, id, (suspended ? "Suspended" : "Resumed") + " tenant " + id,
                        Map.of("from", old.get(), "to", status.word()));
            }
            return old;
        });
    }

    /**
     * Deletes the tenant: first it is suspended in a transaction of its own, so that none of its requests or
     * ingest keys starts anything more (an import holding its row beyond {@code lockWait} stops the deletion
     * there, nothing changed), and the deletion's start is recorded with it (nothing resumes the tenant until
     * its end is); then its organization and members go at the identity provider; then, in one
     * transaction, every row and partition of it in the database and its row, recorded in the platform log.
     * When either of the last two steps fails (the identity provider, or a deadlock with a request of the
     * tenant's already under way), the attempt is recorded and the caller is told to try again: the tenant
     * stays, suspended, and a repeat finds no organization to delete, or only what is left of it, and
     * finishes. Empty when there is no such tenant.
     */
    public Optional<Deleted> delete(String id, String actor, String actorName) {
        Optional<Listed> tenant = find(id);
        if (tenant.isEmpty()) {
            return Optional.empty();
        }
        String name = tenant.get().name();
        boolean there;
        try {
            there = platform(() -> {
                // after any change to the tenant's team under way (an admin given): nothing joins it once this commits
                Team.lock(em, id);
                if (statusRow(id, TenantStatus.SUSPENDED, actor, actorName).isEmpty()) {
                    return false; // deleted since it was found (a second deletion at once): nothing more to do
                }
                // with the suspension: until the deletion ends, nothing resumes the tenant (a server stopped in the
                // middle, a second operator meanwhile)
                audit.append(actor, actorName, PlatformAction.TENANT_DELETION_STARTED, id, "Deleting tenant " + id
                        + " (" + name + "): suspended; its people and data go next", Map.of("name", name));
                return true;
            });
        } catch (RuntimeException e) {
            DeletionUnderWay.ifBusyWithIt(audit, id, deleteTimeout, e); // a second click: not "an import holds it"
            LOG.errorf(e, "Suspending tenant %s to delete it failed in the database", id);
            throw new DatabaseFailure((busy(e) ? busy(id) : "The database could not suspend tenant " + id + ".")
                    + " Nothing was deleted or changed; try again" + (busy(e) ? " when it ends." : " in a minute."), e);
        }
        if (!there) {
            return Optional.empty();
        }
        try {
            directory().deleteOrganization(id);
        } catch (RuntimeException e) {
            recordFailedDeletion(id, name, actor, actorName, "at the identity provider; it is suspended, its data"
                    + " still there and its users perhaps partly removed", e);
            throw DirectoryFailure.saying("The identity provider could not delete the organization" + (e.getMessage()
                    == null ? "" : ": " + e.getMessage()) + ". Tenant " + id + " is suspended, with its data, and some"
                    + " of its users may be gone; delete it again to finish.", e);
        }
        Optional<Deleted> deleted;
        try {
            deleted = platform(deleteTimeout, () -> {
                Optional<Map<String, Long>> rows = database.first("select bw_delete_tenant(?)::text as removed",
                        r -> Optional.ofNullable(r.string("removed")).map(this::counts), id).flatMap(o -> o);
                rows.ifPresent(counts -> audit.append(actor, actorName, PlatformAction.TENANT_DELETED, id,
                        "Deleted tenant " + id + " (" + name + "): "
                                + counts.values().stream().mapToLong(Long::longValue).sum() + " rows",
                        Map.of("name", name, "rows", counts)));
                return rows.map(counts -> new Deleted(id, name, counts));
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Deleting tenant %s failed in the database", id);
            String state = "its users are removed and it is suspended";
            recordFailedDeletion(id, name, actor, actorName, "in the database; " + state, e);
            throw new DatabaseFailure("The database could not finish deleting tenant " + id + " (" + state
                    + ", its data still there); try again to finish the deletion.", e);
        }
        deletions.fire(new TenantDeleted(id));
        return deleted;
    }

    /**
     * Sets the tenant's status (V21's {@code bw_set_tenant_status}), waiting at most {@code lockWait} for its
     * row; the status before, empty when there is no such tenant.
     */
    private Optional<String> statusRow(String id, TenantStatus status, String actor, String actorName) {
        database.update("set local lock_timeout = '" + lockWait.toMillis() + "ms'");
        return database.first("select bw_set_tenant_status(?, ?, ?, ?) as old",
                r -> Optional.ofNullable(r.string("old")), id, status, actor, actorName).flatMap(o -> o);
    }

    /** Whether {@code e} is the wait for the tenant's row given up ({@code lock_timeout}). */
    static boolean busy(RuntimeException e) {
        return e instanceof SqlException sql && sql.lockNotAvailable();
    }

    private static String busy(String id) {
        return "Tenant " + id + " is busy: an import or another write of its data holds it.";
    }

    /** The platform log's record of a deletion a step of which failed; a failure to record is only logged. */
    private void recordFailedDeletion(String id, String name, String actor, String actorName, String state,
            RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String reason = String.valueOf(root.getMessage()).lines().findFirst().orElse("").strip();
        try {
            platform(() -> {
                audit.append(actor, actorName, PlatformAction.TENANT_DELETION_FAILED, id, "Deleting tenant " + id
                        + " (" + name + ") failed " + state,
                        Map.of("name", name, "error", Text.abbreviate(reason, 300)));
                return null;
            });
        } catch (RuntimeException again) {
            e.addSuppressed(again);
            LOG.errorf(again, "Could not record the failed deletion of tenant %s", id);
        }
    }

    /** {@code work} in a transaction of its own, on a connection without a tenant (V21's platform functions). */
    private static <T> T platform(Callable<T> work) {
        return TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew().call(work));
    }

    /** {@link #platform(Callable)} for at most {@code timeout} (a large tenant's rows take longer than the default). */
    private static <T> T platform(Duration timeout, Callable<T> work) {
        return TenantContext.withoutTenant(() -> QuarkusTransaction.requiringNew()
                .timeout((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds())).call(work));
    }

    private IdentityDirectory directory() {
        if (!directories.isResolvable()) {
            throw new DirectoryFailure("reach the identity provider (no IdentityDirectory is configured)", null);
        }
        return directories.get();
    }

    /**
     * Removes the organization a failed creation may have left; whether it could. If it could not, that is logged
     * for a person too.
     */
    private static boolean undoOrganization(IdentityDirectory directory, String id, RuntimeException cause) {
        try {
            directory.removeCreatedOrganization(id);
            return true;
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
            LOG.errorf(e, "Could not remove the organization %s after its tenant's creation failed: until it is "
                    + "removed at the identity provider, creating %s again answers 409", id, id);
            return false;
        }
    }

    private Map<String, Long> counts(String removed) {
        try {
            return new LinkedHashMap<>(json.readValue(removed, new TypeReference<Map<String, Long>>() {
            }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
