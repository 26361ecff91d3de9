package dev.bellwether.feeds;

/** An event of a request that was not taken: its position in the batch and why, in words a sender can act on. */
public record Rejection(int index, String reason) {
}
