package dev.bellwether.web;

/** The JSON body of every API error that has no richer shape of its own. */
public record ApiError(int status, String error, String message) {
}
