package dev.bellwether.settings;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.bellwether.platform.FieldError;
import dev.bellwether.platform.Text;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * {@code /admin/settings}: the organisation's currency and the segments that expect QBRs, as
 * {@code PUT /api/v1/settings} sets them (one check for both). A changed choice of segments recalculates
 * every month's overdue QBRs.
 */
@Path("/admin/settings")
@RolesAllowed(CurrentUser.ADMIN)
@Produces(MediaType.TEXT_HTML)
public class SettingsPage {

    /** Common currencies offered as you type; any other ISO 4217 code is taken too. */
    static final List<String> CURRENCIES = List.of("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "CHF", "JPY", "SEK",
            "NOK", "DKK", "PLN", "CZK", "INR", "SGD", "HKD", "BRL", "MXN", "ZAR", "AED", "ILS", "KRW", "CNY");

    /**
     * What the page shows: {@code currency} as saved or typed, each segment offered with whether it expects
     * QBRs, {@code other} a segment typed in; {@code flash} what the last save did, {@code refused} when it
     * saved nothing; {@code errors} by field; {@code unlisted} how many segments the accounts carry beyond those
     * offered (a box each for the first {@value OrganisationSettings#MAX_LISTED}); {@code opened} the settings as
     * the page first showed them, sent back with the form.
     */
    public record View(String currency, List<Choice> segments, String other, String flash, boolean refused,
            Map<String, String> errors, int unlisted, Opened opened) {

        public List<String> currencies() {
            return CURRENCIES;
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    /**
     * The settings as the page showed them when it was opened ({@code was-currency}, a {@code was-qbr} per chosen
     * segment): a save applies what the form changed from them to the settings stored then, so a change another admin
     * saved meanwhile stays (their currency, a segment they chose), as on the Targets page.
     */
    public record Opened(String currency, List<String> segments) {

        static Opened of(OrganisationSettings.Settings settings) {
            return new Opened(settings.currency(), settings.qbrSegments());
        }

        /** What the form sent as opened; empty when it sent nothing of it (a page from before there was any). */
        static Optional<Opened> sent(MultivaluedMap<String, String> form, UnaryOperator<String> asShown) {
            return Optional.ofNullable(form.getFirst("was-currency")).map(currency -> new Opened(currency,
                    Optional.ofNullable(form.get("was-qbr")).orElse(List.of()).stream().map(asShown).toList()));
        }

        /**
         * {@code sent} applied to {@code stored}: its currency when it is not the one opened with, and the segments
         * it ticked or unticked; what it left as it was stays as stored.
         */
        OrganisationSettings.Settings applied(OrganisationSettings.Settings sent,
                OrganisationSettings.Settings stored) {
            TreeSet<String> chosen = new TreeSet<>(Text.CODE_POINT_ORDER);
            chosen.addAll(stored.qbrSegments());
            segments.stream().filter(s -> !sent.qbrSegments().contains(s)).forEach(chosen::remove);
            sent.qbrSegments().stream().filter(s -> !segments.contains(s)).forEach(chosen::add);
            return new OrganisationSettings.Settings(sent.currency().equals(currency) ? stored.currency()
                    : sent.currency(), List.copyOf(chosen));
        }
    }

    /** A segment offered, and whether it expects QBRs. */
    public record Choice(String segment, boolean chosen) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    OrganisationSettings settings;

    @Inject
    CurrentUser user;

    @GET
    public TemplateInstance page(@QueryParam("done") String done) {
        OrganisationSettings.Settings current = settings.current();
        return Templates.page(new View(current.currency(), choices(current.qbrSegments()), "", flash(done), false,
                Map.of(), unlisted(), Opened.of(current)));
    }

    /** The form: {@code currency}, a {@code qbr} checkbox per segment, {@code other} one more segment. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> form) {
        String currency = Optional.ofNullable(form.getFirst("currency")).orElse("");
        String other = Text.trimmed(Optional.ofNullable(form.getFirst("other")).orElse(""));
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("currency", currency);
        OrganisationSettings.Settings current = settings.current();
        // a browser posts a line break inside a value as CRLF: a segment "Key\nAccounts" (or "Key\rAccounts") comes
        // back as it is in use
        Set<String> inUse = new HashSet<>(settings.segmentsInUse());
        inUse.addAll(current.qbrSegments()); // a chosen one no account carries now is on the page too
        Map<String, String> byLines = new HashMap<>();
        inUse.forEach(segment -> byLines.putIfAbsent(lines(segment), segment));
        UnaryOperator<String> asShown = segment -> {
            String value = Text.trimmed(segment);
            return inUse.contains(value) ? value : byLines.getOrDefault(lines(value), value);
        };
        Optional<Opened> sentOpened = Opened.sent(form, asShown);
        Opened opened = sentOpened.orElseGet(() -> Opened.of(current));
        TreeSet<String> ticked = new TreeSet<>(Text.CODE_POINT_ORDER);
        Optional.ofNullable(form.get("qbr")).orElse(List.of()).stream().map(asShown).forEach(ticked::add);
        TreeSet<String> chosen = new TreeSet<>(ticked);
        boolean otherShows = other.isEmpty() || OrganisationSettings.isSegment(other);
        if (!other.isEmpty() && otherShows) {
            chosen.add(other);
        }
        chosen.forEach(body.putArray("qbrSegments")::add);
        OrganisationSettings.Parsed parsed = OrganisationSettings.parse(body);
        if (parsed.settings() == null || !otherShows) {
            // the typed segment is worded by its own field: its rank in the merged list matches nothing on the page
            Map<String, String> errors = new HashMap<>(FieldError.firstByField(parsed.problems()));
            if (!otherShows) {
                errors.put("qbrSegments", "Another segment must be 1 to " + OrganisationSettings.MAX_SEGMENT_CHARACTERS
                        + " characters that show, as a segment in accounts.csv.");
            }
            // the boxes as they were ticked, the typed segment still in its field
            return Response.status(422).entity(Templates.page(new View(currency, choices(List.copyOf(ticked)), other,
                    "Nothing was saved: the form needs a fix.", true, errors, unlisted(), opened))).build();
        }
        OrganisationSettings.Saved saved;
        try {
            OrganisationSettings.Settings sent = parsed.settings();
            saved = settings.save(user.getUsername(), user.getName(),
                    stored -> sentOpened.map(o -> o.applied(sent, stored)).orElse(sent), true);
        } catch (WebApplicationException busy) {
            if (busy.getResponse().getStatus() != 409) {
                throw busy;
            }
            // an import holds the settings: the form as typed, with why, to save again once it ends
            return Response.status(409).entity(Templates.page(new View(currency, choices(List.copyOf(ticked)), other,
                    busy.getMessage(), true, Map.of(), unlisted(), opened))).build();
        }
        String done = !saved.changed() ? "unchanged" : saved.segmentsChanged() ? "recalculating" : "saved";
        return Response.seeOther(URI.create("/admin/settings?done=" + done)).build();
    }

    /** {@code text} with each line break (CRLF, CR or LF) a LF: as a segment's would be, sent back by a browser. */
    private static String lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    private int unlisted() {
        return Math.max(0, settings.segmentCount() - OrganisationSettings.MAX_LISTED);
    }

    /** Every segment the accounts carry and every one chosen, in code point order. */
    private List<Choice> choices(List<String> chosen) {
        TreeSet<String> all = new TreeSet<>(Text.CODE_POINT_ORDER);
        all.addAll(settings.segmentsInUse());
        all.addAll(chosen);
        return all.stream().map(segment -> new Choice(segment, chosen.contains(segment))).toList();
    }

    static String flash(String done) {
        if (done == null) {
            return null;
        }
        return switch (done) {
            case "saved" -> "Settings saved.";
            case "recalculating" -> "Settings saved. Overdue QBRs are being recalculated for every month with the new"
                    + " segments; the figures follow within a minute.";
            case "unchanged" -> "Nothing changed: these were already the settings.";
            default -> null;
        };
    }
}
