package dev.bellwether.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.TransactionLocks;
import dev.bellwether.tenant.CurrentUser;
import dev.bellwether.tenant.TenantContext;

/**
 * Saved views of the CSM page: a CSM or admin saves the current filters under a name, finds them
 * in a menu, deletes their own; an admin shares a view with the whole tenant (or takes it back) and
 * may delete a shared one. Executives use shared views but change none. Every change is audited.
 * The query is normalised through {@link CsmQuery} before it is stored, so a view holds only what
 * the page understands.
 */
@ApplicationScoped
public class SavedViews {

    static final int NAME_MAX = 80;
    /** The longest query, as sent and as stored (V18's check on saved_view.query). */
    static final int QUERY_MAX = 2000;
    private static final String TOO_LONG = "The view's filters are too long (at most 2,000 characters once written"
            + " out as the page's address).";
    /** Views one person may keep. */
    static final int PER_OWNER = 50;

    /** A view as the menu and the API show it. */
    public record Item(UUID id, String name, String query, boolean shared, String ownerEmail, boolean mine,
            boolean deletable) {

        /** The CSM page with this view's filters. */
        public String url() {
            return "/csm" + (query.isEmpty() ? "" : "?" + query);
        }
    }

    @Inject
    SavedViewRepository repository;

    @Inject
    CurrentUser user;

    @Inject
    AuditLog audit;

    @Inject
    Clock clock;

    /** The user's own views and the shared ones, by name. */
    public List<Item> visible() {
        String me = owner();
        return repository.visibleTo(me, row -> item(row.uuid("id"), row.string("name"), row.string("query"),
                row.bool("shared"), row.string("owner_email"), me));
    }

    /**
     * Saves {@code query} (the page's query string) as {@code name}; a view of the same name of
     * the same person is replaced. Only an admin may share.
     */
    @Transactional
    public Item save(String name, String query, boolean shared) {
        mayChange();
        if (shared && !user.isAdmin()) {
            throw new ForbiddenException("Only an admin can share a view with everyone.");
        }
        String me = owner();
        if (me == null) {
            throw new InvalidInput("owner", "Saving a view needs a verified e-mail address on your account.");
        }
        String title = name == null ? "" : name.strip();
        List<FieldError> problems = new ArrayList<>(); // the name's and the query's, named together
        nameProblem(title).ifPresent(problem -> problems.add(new FieldError("name", problem)));
        String normalised = null;
        if (query != null && query.length() > QUERY_MAX) {
            problems.add(new FieldError("query", TOO_LONG));
        } else {
            try {
                normalised = normalise(query);
                // measured again as stored: a character sent as it is may be written out as nine (€: %E2%82%AC)
                if (normalised.length() > QUERY_MAX) {
                    problems.add(new FieldError("query", TOO_LONG));
                }
            } catch (InvalidInput e) {
                problems.addAll(e.errors());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
        // one save of a person's views at a time: two of one new name would both insert (a 500 on the unique
        // key), two of different names could both pass the limit
        TransactionLocks.hold(repository.getEntityManager(), "bellwether.saved-views:" + TenantContext.require()
                + ":" + me);
        SavedView view = repository.named(me, title).orElse(null);
        boolean replaced = view != null;
        if (view == null) {
            if (repository.countOf(me) >= PER_OWNER) {
                throw new InvalidInput("owner", "You have " + PER_OWNER + " saved views; delete one first.");
            }
            view = new SavedView();
            view.id = UUID.randomUUID();
            view.ownerEmail = me;
            view.name = title;
            view.createdAt = clock.instant();
        }
        String before = view.query;
        boolean wasShared = view.shared;
        if (replaced && normalised.equals(before) && (wasShared || !shared)) {
            return item(view, me); // saved again as it is (a retry, a second click): nothing changed, nothing audited
        }
        view.query = normalised;
        view.shared = shared || (replaced && wasShared);
        repository.persistAndFlush(view);
        List<AuditDiff.Change> changes = new ArrayList<>();
        changes.add(new AuditDiff.Change("query", before == null ? "none" : before, normalised));
        if (view.shared != wasShared) {
            changes.add(new AuditDiff.Change("shared", Boolean.toString(wasShared), Boolean.toString(view.shared)));
        }
        record(view, (replaced ? "Saved view replaced: " : "Saved view created: ") + title, changes);
        return item(view, me);
    }

    /** Deletes one of the user's views, or (an admin) a shared one; 404 when the user cannot see it. */
    @Transactional
    public Item delete(UUID id) {
        mayChange();
        String me = owner();
        SavedView view = visibleView(id, me);
        if (!deletable(view, me)) {
            throw new ForbiddenException("Only its owner or an admin can delete a shared view.");
        }
        Item item = item(view, me);
        repository.delete(view);
        repository.flush();
        record(view, "Saved view deleted: " + view.name,
                List.of(new AuditDiff.Change("query", view.query, "none")));
        return item;
    }

    /** Shares a view with the tenant, or takes it back (admins only). */
    @Transactional
    public Item share(UUID id, boolean shared) {
        mayChange();
        if (!user.isAdmin()) {
            throw new ForbiddenException("Only an admin can share a view with everyone.");
        }
        String me = owner();
        SavedView view = visibleView(id, me);
        if (view.shared != shared) {
            view.shared = shared;
            repository.flush();
            record(view, (shared ? "Saved view shared with everyone: " : "Saved view no longer shared: ") + view.name,
                    List.of(new AuditDiff.Change("shared", Boolean.toString(!shared), Boolean.toString(shared))));
        }
        return item(view, me);
    }

    /** The view, locked until the transaction ends: a second change of it at once waits, then finds it as it is. */
    private SavedView visibleView(UUID id, String me) {
        SavedView view = id == null ? null : repository.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (view == null || !(view.shared || view.ownerEmail.equals(me))) {
            throw new NotFoundException("There is no saved view " + id + ".");
        }
        return view;
    }

    private void mayChange() {
        if (!user.getRoles().contains(CurrentUser.CSM) && !user.isAdmin()) {
            throw new ForbiddenException("Your role reads views but does not change them.");
        }
    }

    private boolean deletable(SavedView view, String me) {
        return deletable(view.ownerEmail, view.shared, me);
    }

    private boolean deletable(String ownerEmail, boolean shared, String me) {
        return ownerEmail.equals(me) || (shared && user.isAdmin());
    }

    private Item item(SavedView view, String me) {
        return item(view.id, view.name, view.query, view.shared, view.ownerEmail, me);
    }

    private Item item(UUID id, String name, String query, boolean shared, String ownerEmail, String me) {
        return new Item(id, name, query, shared, ownerEmail, ownerEmail.equals(me), deletable(ownerEmail, shared, me));
    }

    private void record(SavedView view, String summary, List<AuditDiff.Change> changes) {
        audit.append(new AuditLog.Entry(user.getUsername(), user.getName(), AuditKind.SAVED_VIEW, view.id.toString(),
                summary, changes));
    }

    private String owner() {
        String email = user.getEmail();
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    /** What is wrong with a view's name (stripped), if anything. */
    private static Optional<String> nameProblem(String title) {
        // a name of a no-break or zero-width space alone would be a link without a name in the menu
        if (title.isEmpty() || Text.looksEmpty(title) || Text.characters(title) > NAME_MAX) {
            return Optional.of("Name the view in 1 to " + NAME_MAX + " characters.");
        }
        if (title.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("The name cannot hold a tab, a line break or another control character.");
        }
        if (!Text.wellFormed(title)) { // stored, it would read "?"
            return Optional.of("The name holds a lone UTF-16 surrogate (half of an emoji), which is not a character.");
        }
        // one that turns the text around, or a space of no width: a name would look like another in the menu
        return title.codePoints().filter(c -> Text.reorders(c) || c == 0x200B || c == 0x2060 || c == 0xFEFF)
                .mapToObj(c -> String.format(Locale.ROOT, "The name cannot hold U+%04X, which %s: it would look like"
                        + " another name.", c, Text.reorders(c) ? "changes the direction text is shown in"
                                : "is a space of no width"))
                .findFirst();
    }

    /**
     * {@code query} read as the CSM page reads its URL (months from 1900-01 to ten years ahead) and written
     * back in its own order, percent-encoded.
     */
    public String normalise(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (query != null) {
            String q = query.startsWith("?") ? query.substring(1) : query;
            for (String pair : q.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int at = pair.indexOf('=');
                String key = decode(at < 0 ? pair : pair.substring(0, at));
                String value = at < 0 ? "" : decode(pair.substring(at + 1));
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        CsmQuery.Params params = new CsmQuery.Params(first(values, "scope"), first(values, "q"), values.get("band"),
                first(values, "segment"), first(values, "renewal"), first(values, "paying"),
                first(values, "alerts"), first(values, "expansion"), first(values, "sort"), null, first(values, "by"),
                first(values, "key"), first(values, "at"), first(values, "cohort"));
        // a scope the page does not know (or an empty one) is dropped: the view opens each person's default
        boolean scoped = "mine".equals(params.scope()) || "all".equals(params.scope());
        return CsmQuery.of(params, false, Clocks.thisMonth(clock)).savedQuery(scoped);
    }

    private static String first(Map<String, List<String>> values, String key) {
        List<String> found = values.get(key);
        return found == null || found.isEmpty() ? null : found.get(0);
    }

    private static String decode(String value) {
        String decoded;
        try {
            decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("query", "The view's filters are not a valid query string.");
        }
        if (decoded.indexOf('\0') >= 0) {
            // %00 passes the check of the request's text, but the view's address would be refused on every visit
            throw new InvalidInput("query", "The view's filters hold U+0000 (a NUL character), which no filter may.");
        }
        return decoded;
    }
}
