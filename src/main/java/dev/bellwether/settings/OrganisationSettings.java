package dev.bellwether.settings;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.bellwether.audit.AuditDiff;
import dev.bellwether.audit.AuditKind;
import dev.bellwether.audit.AuditLog;
import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.RecalculationRequested;
import dev.bellwether.platform.Text;
import dev.bellwether.platform.sql.Database;
import dev.bellwether.platform.sql.Row;
import dev.bellwether.platform.sql.Sql;
import dev.bellwether.platform.sql.SqlException;
import dev.bellwether.tenant.TenantContext;

/**
 * The organisation's settings (docs/api.md, "Organisation settings"): the currency its amounts are in
 * (pages show it; nothing is converted) and the segments that expect a QBR every 90 days (the overdue
 * QBRs figure, docs/metrics.md). They live on the tenant's row (V1, V9). A change is audited; a change
 * of the segments asks for a recalculation of every month, since the figure of every month moves.
 */
@ApplicationScoped
public class OrganisationSettings {

    static final int MAX_SEGMENTS = 100;
    static final int MAX_SEGMENT_CHARACTERS = 64;
    private static final Set<String> FIELDS = Set.of("currency", "qbrSegments");
    private static final String READ = "select currency, qbr_segments from tenant where id = app_tenant()";

    /** {@code {currency, qbrSegments}}: an ISO 4217 code, and segments in code point order. */
    public record Settings(String currency, List<String> qbrSegments) {
    }

    /** Settings read from a request, or what is wrong with it (then {@code settings} is null). */
    public record Parsed(Settings settings, List<FieldError> problems) {
    }

    /** What a save did: the settings now, whether anything changed, whether the figures are recalculated. */
    public record Saved(Settings settings, boolean changed, boolean segmentsChanged) {
    }

    @Inject
    Database database;

    @Inject
    AuditLog audit;

    @Inject
    ObjectMapper json;

    @Inject
    Event<RecalculationRequested> recalculations;

    @Transactional
    public Settings current() {
        return database.with(OrganisationSettings::current);
    }

    /** The most segments {@link #segmentsInUse} lists. */
    public static final int MAX_LISTED = 500;

    /** The segments the organisation's accounts carry, in code point order (at most {@link #MAX_LISTED}). */
    @Transactional
    public List<String> segmentsInUse() {
        return database.query("select distinct segment collate \"C\" as segment from account order by 1 limit "
                + MAX_LISTED, row -> row.string("segment"));
    }

    /** How many segments the organisation's accounts carry (more than {@link #segmentsInUse} lists, at times). */
    @Transactional
    public int segmentCount() {
        return database.one("select count(distinct segment) as segments from account", row -> row.integer("segments"));
    }

    /** The settings read on {@code connection}, which acts for the tenant (an export's snapshot). */
    public static Settings current(Connection connection) {
        return Sql.one(connection, READ, OrganisationSettings::settings);
    }

    private static Settings settings(Row row) {
        String[] segments = row.stringArray("qbr_segments");
        return new Settings(row.string("currency"), segments == null ? List.of() : List.of(segments));
    }

    /**
     * Reads {@code {currency, qbrSegments}}, both required: the currency an ISO 4217 code in any case,
     * the segments each 1 to 64 characters once trimmed, at most 100, none twice.
     */
    public static Parsed parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Parsed(null, List.of(new FieldError("body", "must be an object {currency, qbrSegments}")));
        }
        // the first 20 named, the rest counted, as every endpoint does: a million misspelt fields, a million errors
        List<FieldError> problems = new ArrayList<>(FieldError.unknown(body, FIELDS));
        String currency = currency(body.get("currency"), problems);
        List<String> segments = segments(body.get("qbrSegments"), problems);
        return problems.isEmpty() ? new Parsed(new Settings(currency, segments), List.of())
                : new Parsed(null, List.copyOf(problems));
    }

    private static String currency(JsonNode value, List<FieldError> problems) {
        String code = value != null && value.isTextual() ? value.asText().strip().toUpperCase(Locale.ROOT) : null;
        Currency iso = code == null || !code.matches("[A-Z]{3}") ? null : iso(code);
        if (iso == null) {
            problems.add(new FieldError("currency", "must be an ISO 4217 currency code, such as USD, EUR or GBP"));
            return null;
        }
        if (iso.getDefaultFractionDigits() < 0) {
            problems.add(new FieldError("currency", code + " is an ISO 4217 code but no currency amounts are kept"
                    + " in (a metal, a fund's unit, a testing code or XXX): choose one such as USD, EUR or GBP"));
            return null;
        }
        return code;
    }

    /**
     * The ISO 4217 code {@code code}, or null; one of no money (XAU gold, XTS testing, XXX none) has no minor unit,
     * {@link Currency#getDefaultFractionDigits} -1.
     */
    private static Currency iso(String code) {
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether a trimmed text can be a segment: 1 to 64 characters that show, as accounts.csv's segment cell. */
    static boolean isSegment(String segment) {
        int length = Text.characters(segment);
        return length > 0 && length <= MAX_SEGMENT_CHARACTERS && segment.indexOf('\0') < 0
                && Text.wellFormed(segment) && !Text.looksEmpty(segment);
    }

    private static List<String> segments(JsonNode value, List<FieldError> problems) {
        if (value == null || !value.isArray()) {
            problems.add(new FieldError("qbrSegments", "is required: the segments that expect a QBR every 90 days,"
                    + " as a list such as [\"Enterprise\", \"Mid-Market\"] (empty for none)"));
            return null;
        }
        if (value.size() > MAX_SEGMENTS) {
            problems.add(new FieldError("qbrSegments", "may name at most " + MAX_SEGMENTS + " segments"));
            return null;
        }
        Set<String> seen = new HashSet<>();
        List<String> segments = new ArrayList<>();
        int position = 0;
        for (JsonNode item : value) {
            position++;
            // trimmed and measured as accounts.csv's segment cell is, so that a chosen segment can match one; one
            // that shows nothing (a zero-width space) is none, as in accounts.csv
            String segment = item.isTextual() ? Text.trimmed(item.asText()) : null;
            if (segment == null || !isSegment(segment)) {
                problems.add(new FieldError("qbrSegments", "each segment is a text of 1 to " + MAX_SEGMENT_CHARACTERS
                        + " characters that shows, as in accounts.csv (segment " + position + " of the list is not)"));
            } else if (!seen.add(segment)) {
                problems.add(new FieldError("qbrSegments", "names " + segment + " twice"));
            } else {
                segments.add(segment);
            }
        }
        segments.sort(Text.CODE_POINT_ORDER);
        return segments;
    }

    /**
     * Saves {@code settings} for the current tenant, audited as {@code actor}'s. Waits at most 5 s for an
     * import that holds the tenant (409 then, nothing saved). When the segments changed and {@code recalculate},
     * asks for a recalculation of every month (an import asks for its own).
     */
    @Transactional
    public Saved save(String actor, String actorName, Settings settings, boolean recalculate) {
        return save(actor, actorName, stored -> settings, recalculate);
    }

    /**
     * As {@link #save(String, String, Settings, boolean)}, with the settings {@code change} makes of those stored,
     * read under the lock the save holds: a page's edit applied to what another admin saved meanwhile. 409, nothing
     * saved, when that would choose more than {@value #MAX_SEGMENTS} segments.
     */
    @Transactional
    public Saved save(String actor, String actorName, UnaryOperator<Settings> change, boolean recalculate) {
        String tenant = TenantContext.require();
        Settings before = database.with(connection -> {
            Sql.execute(connection, "set local lock_timeout = '5s'");
            Settings held;
            try {
                held = Sql.one(connection, READ + " for no key update", OrganisationSettings::settings);
            } catch (SqlException e) {
                if (e.lockNotAvailable()) {
                    throw new WebApplicationException("Your organisation's data is being written (an import runs):"
                            + " save the settings again once it ends. Nothing was changed.", 409);
                }
                throw e;
            }
            Sql.execute(connection, "set local lock_timeout to default");
            return held;
        });
        Settings settings = change.apply(before);
        if (settings.qbrSegments().size() > MAX_SEGMENTS) {
            throw new WebApplicationException("Another admin chose segments since you opened the page: with yours, more"
                    + " than " + MAX_SEGMENTS + ". Nothing was changed: reload the page to see theirs, then untick"
                    + " some.", 409);
        }
        if (before.equals(settings)) {
            return new Saved(before, false, false);
        }
        database.update("update tenant set currency = ?, qbr_segments = ? where id = app_tenant()",
                settings.currency(), settings.qbrSegments().toArray(String[]::new));
        boolean segments = !before.qbrSegments().equals(settings.qbrSegments());
        audit.append(new AuditLog.Entry(actor, actorName, AuditKind.SETTINGS, "settings", "Settings: amounts in "
                + settings.currency() + "; QBRs expected of " + (settings.qbrSegments().isEmpty() ? "no segment"
                        : String.join(", ", settings.qbrSegments())), AuditDiff.between(json, before, settings)));
        if (segments && recalculate) {
            recalculations.fire(new RecalculationRequested(tenant, "settings"));
        }
        return new Saved(settings, true, segments);
    }
}
