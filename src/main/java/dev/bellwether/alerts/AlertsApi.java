package dev.bellwether.alerts;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.FieldError;
import dev.bellwether.tenant.CurrentUser;

/** {@code /api/v1/alerts}: the tenant's alerts (all roles read; CSMs and admins act on them). */
@Path("/api/v1/alerts")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class AlertsApi {

    /** An alert (docs/api.md's fields first). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AlertView(long id, String accountId, String rule, Instant openedAt, AlertStatus status, String detail,
            LocalDate snoozedUntil, String note) {
    }

    /** The body of an action: an optional note, and the date a snooze lasts until. */
    public record Action(String note, String until) {

        private static final Set<String> FIELDS = Set.of("note", "until");

        /**
         * {@code body} read field by field: 400 for a body that is not an object, a field other than these two (a
         * misspelt {@code note} must not resolve an alert for good without it) or one that is not text.
         */
        static Action of(JsonNode body) {
            if (body == null || body.isNull() || body.isMissingNode()) {
                return new Action(null, null);
            }
            if (!body.isObject()) {
                throw new BadRequestException("The body must be a JSON object: {note, until}");
            }
            List<FieldError> unknown = FieldError.unknown(body, FIELDS);
            if (!unknown.isEmpty()) {
                throw new BadRequestException(String.join("; ", unknown.stream().map(FieldError::message).toList()));
            }
            return new Action(text(body, "note"), text(body, "until"));
        }

        private static String text(JsonNode body, String field) {
            JsonNode value = body.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual()) {
                throw new BadRequestException(field + " must be text");
            }
            return value.asText();
        }
    }

    @Inject
    AlertBook alerts;

    @Inject
    CurrentUser user;

    @Inject
    Clock clock;

    /** The most alerts one answer lists, and how many it lists unless asked. */
    static final int LIMIT_MAX = 5_000;
    static final int LIMIT_DEFAULT = 1_000;

    private static final String UNTIL_MISSING = "until is required: the date (YYYY-MM-DD) the alert sleeps until";
    private static final String UNTIL_OUT_OF_RANGE = "until must be after today and at most a year ahead";
    private static final String UNTIL_NOT_A_DATE = "until must be a date, YYYY-MM-DD";

    /** Each problem of a snooze's date in the API's words, and as the panel's date field says it. */
    static final Map<String, String> UNTIL_ON_THE_PAGE = Map.of(
            UNTIL_MISSING, "Choose the date the snooze lasts until.",
            UNTIL_OUT_OF_RANGE, "The snooze must last until a date after today, at most a year ahead.",
            UNTIL_NOT_A_DATE, "The snooze date must be a date (YYYY-MM-DD).");

    /**
     * {@code ?status=open} (default; not resolved), {@code resolved} or {@code all}; {@code &account=},
     * {@code &rule=}; {@code &limit=} (1–5,000, 1,000 by default) and {@code &page=} (from 1) page it: a page
     * with more after it carries {@code X-Truncated: true} (a tenant's history holds a hundred thousand). Without
     * either, every alert the filters find, as the contract's call has it.
     */
    @GET
    public Response list(@QueryParam("status") @DefaultValue("open") String status,
            @QueryParam("account") String account, @QueryParam("rule") String rule,
            @QueryParam("limit") String limit, @QueryParam("page") String page) {
        // the contract's call (no limit, no page) answers every alert it asks for, as always; paging is asked for
        boolean paged = limit != null && !limit.isBlank() || page != null && !page.isBlank();
        int size = whole("limit", limit, LIMIT_MAX, LIMIT_DEFAULT);
        int number = whole("page", page, 1_000_000, 1);
        status = status.isBlank() ? "open" : status.strip();
        if (!Set.of("open", "resolved", "all").contains(status)) {
            throw new BadRequestException("status must be open, resolved or all");
        }
        String chosen = rule == null || rule.isBlank() ? null : rule.strip();
        if (chosen != null && AlertRule.of(chosen).isEmpty()) {
            throw new BadRequestException("rule must be one of " + String.join(", ",
                    Arrays.stream(AlertRule.values()).map(AlertRule::key).toList()));
        }
        String of = account == null || account.isBlank() ? null : account.strip(); // an empty value is no value
        AlertBook.Filter filter = new AlertBook.Filter(status, of, null, chosen);
        if (!paged) {
            return Response.ok(alerts.list(filter).stream().map(AlertsApi::view).toList()).build();
        }
        List<AlertView> found = alerts.list(filter, size + 1L, (number - 1L) * size).stream().map(AlertsApi::view)
                .toList();
        return found.size() > size ? Response.ok(found.subList(0, size)).header("X-Truncated", "true").build()
                : Response.ok(found).build();
    }

    /** A whole number from 1 to {@code max} ({@code otherwise} when absent); 400 naming the parameter. */
    private static int whole(String name, String value, int max, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequestException(
                name + " must be a whole number from 1 to " + String.format(Locale.ROOT, "%,d", max));
    }

    @POST
    @Path("/{id}/acknowledge")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public AlertView acknowledge(@PathParam("id") long id, JsonNode body) {
        known(id);
        Action action = Action.of(body);
        return done(id, alerts.acknowledge(id, user.getUsername(), user.getName(), note(action)));
    }

    @POST
    @Path("/{id}/snooze")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public AlertView snooze(@PathParam("id") long id, JsonNode body) {
        known(id);
        Action action = Action.of(body);
        LocalDate until = until(action.until(), Clocks.today(clock));
        return done(id, alerts.snooze(id, user.getUsername(), user.getName(), until, note(action)));
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public AlertView resolve(@PathParam("id") long id, JsonNode body) {
        known(id);
        Action action = Action.of(body);
        return done(id, alerts.resolve(id, user.getUsername(), user.getName(), note(action)));
    }

    /** A snooze date: after {@code today}, at most a year ahead. */
    public static LocalDate until(String value, LocalDate today) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(UNTIL_MISSING);
        }
        try {
            LocalDate until = LocalDate.parse(value);
            if (!until.isAfter(today) || until.isAfter(today.plusYears(1))) {
                throw new BadRequestException(UNTIL_OUT_OF_RANGE);
            }
            return until;
        } catch (DateTimeParseException e) {
            throw new BadRequestException(UNTIL_NOT_A_DATE);
        }
    }

    private static String note(Action action) {
        return AlertActions.note(action.note());
    }

    /** An unknown id is a 404 whatever the body holds, as on the pages. */
    private void known(long id) {
        alerts.find(id).orElseThrow(NotFoundException::new);
    }

    private AlertView done(long id, boolean changed) {
        AlertBook.Alert alert = alerts.find(id).orElseThrow(NotFoundException::new);
        if (!changed) {
            throw new BadRequestException("This alert is already resolved");
        }
        return view(alert);
    }

    static AlertView view(AlertBook.Alert a) {
        // the date only while the snooze lasts: a lapsed one reads open, without it
        return new AlertView(a.id(), a.accountId(), a.rule(), a.openedAt(), a.status(), a.detail(),
                a.snoozed() ? a.snoozedUntil() : null, a.note());
    }
}
