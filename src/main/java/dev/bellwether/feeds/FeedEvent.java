package dev.bellwether.feeds;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One valid event of a request, as it will be staged: its position in the request, and for a
 * {@code track} the usage it counts, for a {@code group} the account columns it sets.
 *
 * @param index     position in the batch (0 for a single event)
 * @param messageId the sender's id, which makes a retry count once; null when not given
 * @param kind      {@code track} or {@code group}
 * @param accountId the account ({@code context.groupId} of a track, {@code groupId} of a group)
 * @param userId    the user of a track; null for a group
 * @param day       the UTC date of the event's timestamp
 * @param feature   the track's event name; null for a group
 * @param traits    a group's account columns (accounts.csv names, staged values); null for a track
 */
public record FeedEvent(int index, String messageId, String kind, String accountId, String userId, LocalDate day,
        String feature, Map<String, String> traits) {

    static final String TRACK = "track";
    static final String GROUP = "group";

    boolean isGroup() {
        return GROUP.equals(kind);
    }

    /** This event without the trait {@code key}. */
    FeedEvent without(String key) {
        Map<String, String> kept = new LinkedHashMap<>(traits);
        kept.remove(key);
        return new FeedEvent(index, messageId, kind, accountId, userId, day, feature, kept);
    }
}
