package dev.bellwether.workspace;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;

import jakarta.ws.rs.core.Response;

/**
 * What a workspace form did, for a browser without JavaScript: its post is answered with a redirect
 * to the panel's page carrying {@code done=<word>}, and that page says it. The words are fixed, so the
 * address never carries text of the user's.
 */
enum Done {
    LOGGED("Logged. " + Notes.FIGURES_FOLLOW),
    NOTED("Note logged."),
    ADDED("Task added."),
    STARTED("Playbook started: its tasks are below."),
    CHANGED("Task updated.");

    private final String message;

    Done(String message) {
        this.message = message;
    }

    /** 303 to {@code page} (an address without a query) saying this. */
    Response redirect(String page) {
        return Response.seeOther(URI.create(page + (page.contains("?") ? "&" : "?") + "done="
                + name().toLowerCase(Locale.ROOT))).build();
    }

    /** The message of a {@code done} parameter, or null for none or an unknown word. */
    static String flash(String word) {
        return word == null ? null : Arrays.stream(values())
                .filter(d -> d.name().toLowerCase(Locale.ROOT).equals(word)).findFirst().map(d -> d.message)
                .orElse(null);
    }
}
