package dev.bellwether.feeds;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.ingest.EventFields;
import dev.bellwether.ingest.ImportKind;
import dev.bellwether.ingest.ValueType.InvalidValue;

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

    private final EventFields fields;
    private final LocalDate today;

    /** What a request held. */
    record Read(List<FeedEvent> events, List<Rejection> rejected) {
    }

    EventReader(LocalDate today) {
        this.fields = EventFields.on(today);
        this.today = today;
    }

    Read read(List<JsonNode> events) {
        List<FeedEvent> good = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                good.add(event(i, events.get(i)));
            } catch (Bad e) {
                rejected.add(new Rejection(i, e.getMessage()));
            }
        }
        return new Read(good, rejected);
    }

    private FeedEvent event(int index, JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new Bad("an event must be a JSON object");
        }
        String type = text(event, "type");
        if (type == null) {
            throw new Bad("type is required: track or group");
        }
        String messageId = text(event, "messageId");
        if (messageId != null && (messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID)) {
            throw new Bad("messageId must be 1 to " + MAX_MESSAGE_ID + " characters long");
        }
        LocalDate day = day(event);
        return switch (type) {
            case FeedEvent.TRACK -> new FeedEvent(index, messageId, FeedEvent.TRACK,
                    cell(ImportKind.USAGE, "account_id", "context.groupId", text(event.path("context"), "groupId"),
                            "the account the event belongs to"),
                    cell(ImportKind.USAGE, "user_id", "userId", text(event, "userId"), "usage is counted per user"),
                    day, feature(event), null);
            case FeedEvent.GROUP -> new FeedEvent(index, messageId, FeedEvent.GROUP,
                    cell(ImportKind.ACCOUNTS, "account_id", "groupId", text(event, "groupId"), "the account's id"),
                    null, day, null, traits(event.path("traits")));
            default -> throw new Bad("type '" + clip(type) + "' is not taken: only track and group events are");
        };
    }

    /** The UTC date of {@code timestamp}, or today when there is none (Segment's default: when received). */
    private LocalDate day(JsonNode event) {
        String timestamp = text(event, "timestamp");
        if (timestamp == null) {
            return today;
        }
        try {
            return fields.utcDate(timestamp);
        } catch (InvalidValue e) {
            throw new Bad("timestamp '" + clip(timestamp) + "' " + e.getMessage());
        }
    }

    private String feature(JsonNode event) {
        String name = text(event, "event");
        if (name == null || name.isBlank()) {
            throw new Bad("event is required: the feature used, e.g. Report Exported");
        }
        return cell(ImportKind.USAGE, "feature", "event", name, "");
    }

    private Map<String, String> traits(JsonNode traits) {
        if (!traits.isObject()) {
            throw new Bad("traits is required: an object with the account's name and other columns");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (String trait : TRAITS) {
            String value = text(traits, trait);
            if (value != null) {
                columns.put(trait, cell(ImportKind.ACCOUNTS, trait, "traits." + trait, value, ""));
            }
        }
        String createdAt = text(traits, "createdAt");
        if (!columns.containsKey("customer_since") && createdAt != null) {
            try {
                columns.put("customer_since", fields.utcDate(createdAt).toString());
            } catch (InvalidValue e) {
                throw new Bad("traits.createdAt '" + clip(createdAt) + "' " + e.getMessage());
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

    /** A string or number field as text; null when absent or JSON null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw new Bad(field + " must be a string");
    }

    private static String clip(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "…";
    }

    /** An event that is refused, with the reason. */
    static final class Bad extends RuntimeException {

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }
}
