package dev.bellwether.feeds;

/**
 * How large a request to the events API may be, for {@link EventBody}, which reads it, and for the request filter
 * that refuses a declared length before any byte is read.
 */
public final class EventLimits {

    /** The largest request body, inflated: 500 KB, as Segment's batch API. */
    public static final int MAX_BODY = 500 * 1024;

    /** The most bytes a gzip body may take as sent: a body of empty deflate blocks inflates to nothing. */
    public static final int MAX_COMPRESSED = MAX_BODY + 64 * 1024;

    /** What a body past the limit is told (413). */
    public static final String TOO_LARGE = "A request holds at most 500 KB of events; send smaller batches";

    private EventLimits() {
    }
}
