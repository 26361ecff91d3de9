package dev.bellwether.feeds;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.ingest.EventFields;
import dev.bellwether.ingest.ImportKind;
import dev.bellwether.ingest.ValueType.InvalidValue;
import dev.bellwether.platform.Text;

/**
 * Reads Segment-spec events (docs/feeds.md): each field is checked like the CSV cell of the same
 * column of usage.csv or accounts.csv. A bad event becomes a {@link Rejection}; the others are kept.
 * Whether a track's account is known is decided later, against the database ({@link FeedStaging}).
 */
final class EventReader {

    /** Group traits that set account columns, by their accounts.csv names. */
    static final List<String> TRAITS = List.of("name", "segment", "industry", "plan", "csm_email", "customer_since",
            "renewal_date", "licensed_seats");
    static final int MAX_MESSAGE_ID = 200;

    /** The most digits a number sent for a text field may have written out (an id of 100 digits is plenty). */
    static final int MOST_DIGITS = 100;
    /** The traits key under which a group call's {@code traits.createdAt} waits for a new account. */
    static final String CREATED_AT = "created_at";
    /**
     * The traits key under which an unreadable {@code traits.createdAt} waits, with its refusal: it refuses the
     * call only when the call creates the account ({@link FeedStaging}); an existing account never reads it.
     */
    static final String CREATED_AT_PROBLEM = "created_at_problem";

    /** How far ahead of the server's clock a sender's may run: an event dated later is dated so. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(10);

    private final EventFields fields;
    private final Instant received;
    private final LocalDate today;

    /**
     * What a request held: the events read, those rejected, and for each account a rejected group call named (with
     * a readable {@code groupId}) the first such call's index, which a later track of that account is told of.
     */
    record Read(List<FeedEvent> events, List<Rejection> rejected, Map<String, Integer> rejectedGroups) {
    }

    /** A reader for events received at {@code received}: the bounds of dates are those of that UTC day. */
    EventReader(Instant received) {
        this.received = received;
        this.today = LocalDate.ofInstant(received, ZoneOffset.UTC);
        this.fields = EventFields.on(today);
    }

    Read read(List<JsonNode> events) {
        List<FeedEvent> good = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Map<String, Integer> rejectedGroups = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                good.add(event(i, events.get(i)));
            } catch (Bad e) {
                rejected.add(new Rejection(i, e.getMessage()));
                String account = groupAccount(events.get(i));
                if (account != null) {
                    rejectedGroups.putIfAbsent(account, i);
                }
            }
        }
        return new Read(good, rejected, rejectedGroups);
    }

    /** The account a group call names, when it is one and its {@code groupId} reads as an id; else null. */
    private String groupAccount(JsonNode event) {
        try {
            if (event == null || !event.isObject() || !FeedEvent.GROUP.equals(text(event, "", "type"))) {
                return null;
            }
            String id = text(event, "", "groupId");
            return id == null ? null : fields.read(ImportKind.ACCOUNTS, "account_id", id);
        } catch (Bad | InvalidValue e) {
            return null;
        }
    }

    private FeedEvent event(int index, JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new Bad("an event must be a JSON object");
        }
        String type = text(event, "", "type");
        if (type == null) {
            throw new Bad("type is required: track or group");
        }
        String messageId = text(event, "", "messageId");
        if (messageId != null && (messageId.isEmpty()
                || messageId.codePointCount(0, messageId.length()) > MAX_MESSAGE_ID)) {
            throw new Bad("messageId must be 1 to " + MAX_MESSAGE_ID + " characters long");
        }
        // the type first: an event of another type is refused for it, not for a date it would not have used
        return switch (type) {
            case FeedEvent.TRACK -> {
                LocalDate day = day(event);
                yield new FeedEvent(index, messageId, FeedEvent.TRACK,
                        cell(ImportKind.USAGE, "account_id", "context.groupId",
                                text(context(event), "context.", "groupId"), "the account the event belongs to"),
                        cell(ImportKind.USAGE, "user_id", "userId", text(event, "", "userId"),
                                "usage is counted per user"),
                        day, feature(event), null);
            }
            case FeedEvent.GROUP -> group(index, messageId, event);
            default -> throw new Bad("type '" + clip(type) + "' is not taken: only track and group events are");
        };
    }

    /**
     * The day the event counts on, as Segment dates it: the UTC date of {@code timestamp}; else of
     * {@code originalTimestamp}, corrected by the sender's clock skew when {@code sentAt} is given too
     * (received − (sentAt − originalTimestamp)); else the day it is received. An empty or blank one is absent, as
     * an empty cell is.
     */
    private LocalDate day(JsonNode event) {
        String timestamp = given(event, "timestamp");
        if (timestamp != null) {
            return date("timestamp", timestamp);
        }
        String original = given(event, "originalTimestamp");
        if (original == null) {
            return today;
        }
        Instant at = instant("originalTimestamp", original);
        String sentAt = given(event, "sentAt");
        if (sentAt != null) {
            at = received.minus(Duration.between(at, instant("sentAt", sentAt)));
        }
        try {
            return dated(at, sentAt == null ? original : null);
        } catch (InvalidValue e) {
            throw new Bad((sentAt == null ? "originalTimestamp '" + clip(original) + "' "
                    : "the time given by originalTimestamp and sentAt (" + at + ") ") + e.getMessage());
        }
    }

    /** The event's {@code field} (a time), null when it is absent, null, or nothing but what a cell is trimmed of. */
    private static String given(JsonNode event, String field) {
        String value = text(event, "", field);
        return value == null || Text.trimmed(value).isEmpty() ? null : value;
    }

    /** The UTC date of timestamp {@code value}, within the dates an import accepts. */
    private LocalDate date(String field, String value) {
        try {
            return dated(fields.instant(value), value);
        } catch (InvalidValue e) {
            throw new Bad(field + " '" + clip(value) + "' " + e.getMessage());
        }
    }

    /**
     * The UTC date of {@code at}; a time at most {@link #CLOCK_SKEW} ahead of the event's arrival is a sender's
     * clock running fast, and the event happened as it arrived: a few seconds past midnight at a month's end
     * would otherwise be a day of a month not begun, refused. {@code written} is the timestamp as sent, when
     * {@code at} is read from it alone.
     */
    private LocalDate dated(Instant at, String written) {
        boolean fast = at.isAfter(received) && !at.isAfter(received.plus(CLOCK_SKEW));
        // a refusal names the UTC date only when it is not the date written (as for a CSV cell)
        return fast ? fields.utcDate(received, null) : fields.utcDate(at, written);
    }

    private Instant instant(String field, String value) {
        try {
            return fields.instant(value);
        } catch (InvalidValue e) {
            throw new Bad(field + " '" + clip(value) + "' " + e.getMessage());
        }
    }

    private String feature(JsonNode event) {
        String name = text(event, "", "event");
        if (name == null || Text.trimmed(name).isEmpty()) { // control characters alone are no name either
            throw new Bad("event is required: the feature used, e.g. Report Exported");
        }
        return cell(ImportKind.USAGE, "feature", "event", name, "");
    }

    /**
     * A group call. Its date serves only to date an account it creates that names no date of its own
     * (customer_since, createdAt): an unreadable or out-of-range one waits like an unreadable createdAt, refusing
     * only a call that would be dated by it; an existing account's traits still change.
     */
    private FeedEvent group(int index, String messageId, JsonNode event) {
        String account = cell(ImportKind.ACCOUNTS, "account_id", "groupId", text(event, "", "groupId"),
                "the account's id");
        Map<String, String> traits = traits(event.path("traits"));
        LocalDate day;
        try {
            day = day(event);
        } catch (Bad e) {
            day = today;
            if (!traits.containsKey("customer_since") && !traits.containsKey(CREATED_AT)) {
                traits.putIfAbsent(CREATED_AT_PROBLEM, e.getMessage());
            }
        }
        return new FeedEvent(index, messageId, FeedEvent.GROUP, account, null, day, null, traits);
    }

    private Map<String, String> traits(JsonNode traits) {
        if (traits.isMissingNode() || traits.isNull()) {
            // Segment's traits are optional: a call that only ties a user to a known account changes nothing (one
            // that would create its account is refused for want of a name when staged)
            return new LinkedHashMap<>();
        }
        if (!traits.isObject()) {
            throw new Bad("traits must be an object with the account's name and other columns");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (String trait : TRAITS) {
            String value = text(traits, "traits.", trait);
            if (value != null) {
                columns.put(trait, cell(ImportKind.ACCOUNTS, trait, "traits." + trait, value, ""));
            }
        }
        // Segment's createdAt dates a new account only; an existing one's changes only by traits.customer_since
        // (an unreadable one, even an object, refuses only a call that creates its account)
        try {
            String createdAt = text(traits, "traits.", "createdAt");
            if (createdAt != null) {
                columns.put(CREATED_AT, date("traits.createdAt", createdAt).toString());
            }
        } catch (Bad e) {
            // customer_since, when sent, dates the account: createdAt is then never read, readable or not
            if (!columns.containsKey("customer_since")) {
                columns.put(CREATED_AT_PROBLEM, e.getMessage());
            }
        }
        return columns;
    }

    /** {@code value} read by the rule of {@code column} in {@code kind}; {@code field} names it in a refusal. */
    private String cell(ImportKind kind, String column, String field, String value, String purpose) {
        try {
            if (value == null && !purpose.isEmpty()) {
                throw new Bad(field + " is required: " + purpose);
            }
            return fields.read(kind, column, value);
        } catch (InvalidValue e) {
            if (value == null || value.isBlank()) {
                throw new Bad(field + " " + e.getMessage());
            }
            throw new Bad(field + " '" + clip(value) + "' " + e.getMessage());
        }
    }

    /** The event's context, or a missing node; a context that is not an object is refused. */
    private static JsonNode context(JsonNode event) {
        JsonNode context = event.path("context");
        if (!context.isObject() && !context.isMissingNode() && !context.isNull()) {
            throw new Bad("context must be an object");
        }
        return context;
    }

    /**
     * A string, number or boolean field of {@code node} as text; null when absent or JSON null. A
     * whole number written with a fraction ({@code 40.0}, as many JSON encoders write them) reads as
     * {@code 40}. {@code path} is where {@code node} lies in the event ({@code "traits."}), to name
     * the field in a refusal.
     */
    private static String text(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        String text;
        if (value.isTextual()) {
            text = value.textValue();
        } else if (value.isNumber()) {
            text = number(value, path, field);
        } else if (value.isBoolean()) {
            text = value.asText();
        } else {
            throw new Bad(path + field + " must be a string");
        }
        if (text.indexOf('\0') >= 0) {
            throw new Bad(path + field + " holds U+0000 (a NUL character), which no value may hold");
        }
        if (!Text.wellFormed(text)) {
            // the database would store it as "?": two different ids would become one
            throw new Bad(path + field + " holds a lone UTF-16 surrogate (\\ud800 to \\udfff unpaired),"
                    + " which is not a character");
        }
        return text;
    }

    /**
     * A number sent where text is expected (a numeric {@code userId}, say) as a person would write it, digit for
     * digit as sent (the body is read with exact decimals): a whole one in digits ({@code 1e20} is
     * 100000000000000000000, not "1.0E20"), another without an exponent. One of more than {@link #MOST_DIGITS}
     * digits written out ({@code 1e400}) is refused rather than written out at any length.
     */
    private static String number(JsonNode value, String path, String field) {
        if (value.isIntegralNumber()) {
            String digits = value.asText();
            if (digits.length() - (digits.startsWith("-") ? 1 : 0) > MOST_DIGITS) {
                throw tooManyDigits(path, field);
            }
            return digits;
        }
        BigDecimal decimal;
        try {
            decimal = value.decimalValue().stripTrailingZeros();
        } catch (ArithmeticException e) {
            decimal = null; // 100e2147483647: stripping its zeros takes its scale past an int's; far too long anyway
        }
        long digits = decimal == null ? Long.MAX_VALUE : decimal.scale() <= 0
                ? (long) decimal.precision() - decimal.scale() : Math.max(decimal.precision(), decimal.scale() + 1L);
        if (digits > MOST_DIGITS) {
            throw tooManyDigits(path, field);
        }
        return decimal.scale() <= 0 ? decimal.toBigIntegerExact().toString() : decimal.toPlainString();
    }

    private static Bad tooManyDigits(String path, String field) {
        return new Bad(path + field + " is a number of more than " + MOST_DIGITS + " digits written out: send it as"
                + " a string");
    }

    private static String clip(String value) {
        return Text.abbreviate(value, 60);
    }

    /** An event that is refused, with the reason. */
    static final class Bad extends RuntimeException {

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }
}
