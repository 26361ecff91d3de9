package dev.bellwether.workspace;

import jakarta.ws.rs.core.Response;

import dev.bellwether.web.DoneWords;

/**
 * What a workspace form did, for a browser without JavaScript: its post is answered with a redirect
 * to the panel's page carrying {@code done=<word>}, and that page says it. The words are fixed, so the
 * address never carries text of the user's.
 */
enum Done {
    LOGGED("Logged. " + Notes.FIGURES_FOLLOW),
    /** An activity dated after the figures' latest month: it counts once they reach its month. */
    LOGGED_AHEAD("Logged. " + Notes.COUNTS_ONCE_THEY_REACH + "its month (they run through the latest month with"
            + " data)."),
    NOTED("Note logged."),
    ADDED("Task added."),
    /** Added for an address no account has as its CSM and no one signed in with ({@link Tasks#unreached}). */
    ADDED_UNREACHED("Task added." + Tasks.UNREACHED),
    STARTED("Playbook started: its tasks are below."),
    CHANGED("Task updated."),
    CHANGED_UNREACHED("Task updated." + Tasks.UNREACHED);

    private final String message;

    Done(String message) {
        this.message = message;
    }

    /** 303 to {@code page} saying this. */
    Response redirect(String page) {
        return DoneWords.redirect(page, this);
    }

    /** The message of a {@code done} parameter, or null for none or an unknown word. */
    static String flash(String word) {
        return DoneWords.of(Done.class, word).map(d -> d.message).orElse(null);
    }
}
