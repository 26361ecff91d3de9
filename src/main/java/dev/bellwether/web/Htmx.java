package dev.bellwether.web;

import jakarta.ws.rs.core.Response;

import io.quarkus.qute.TemplateEnum;

/**
 * The htmx side of a page resource: whether a request came from htmx (then it answers a fragment
 * rather than the whole page) and the events a response announces in its {@code HX-Trigger}
 * header, which other regions of the page listen for ({@code hx-trigger="… from:body"}).
 */
public final class Htmx {

    /** Set by htmx on every request it makes. */
    public static final String REQUEST = "HX-Request";
    /** Set by htmx when it asks for a whole page to restore history it no longer holds. */
    public static final String HISTORY_RESTORE = "HX-History-Restore-Request";
    /**
     * The response header of a 403 that refuses the organisation (suspended, deleted, or set up again since the
     * sign-in) rather than the request: why, in words for the person, which an open page shows (app.js).
     */
    public static final String REFUSAL = "Bellwether-Refusal";
    /** The response header naming the events to fire on the body. */
    public static final String TRIGGER = "HX-Trigger";

    /**
     * The events the pages fire and listen for. Templates name them as
     * {@code hx-trigger="{Event:RECALCULATED.fromBody}"} (a {@link TemplateEnum}).
     */
    @TemplateEnum
    public enum Event {
        /** The tenant's figures changed: every panel built from them reloads. */
        RECALCULATED("recalculated"),
        /** Someone acted on an alert: the tiles and lists that count alerts reload. */
        ALERTS_CHANGED("alertsChanged"),
        /** An upload finished: the import history and live panel reload. */
        IMPORT_FINISHED("importFinished"),
        /** A task was created, completed, reassigned or rescheduled: task counts and lists reload. */
        TASKS_CHANGED("tasksChanged");

        private final String id;

        Event(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /** The {@code hx-trigger} of an element that reloads when the event is fired on the body. */
        public String fromBody() {
            return id + " from:body";
        }
    }

    private Htmx() {
    }

    /** Whether the request carrying {@code header} (the value of {@link #REQUEST}) was made by htmx. */
    public static boolean isRequest(String header) {
        return header != null;
    }

    /** {@code answer} with {@code event} fired on the page that receives it. */
    public static Response.ResponseBuilder trigger(Response.ResponseBuilder answer, Event event) {
        return answer.header(TRIGGER, event.id());
    }

    /** An OK answer with {@code entity} that fires {@code event}. */
    public static Response ok(Object entity, Event event) {
        return trigger(Response.ok(entity), event).build();
    }
}
