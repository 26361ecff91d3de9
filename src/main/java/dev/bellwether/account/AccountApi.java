package dev.bellwether.account;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.bellwether.metrics.AccountDetail;
import dev.bellwether.metrics.Snapshots;
import dev.bellwether.platform.Clocks;
import dev.bellwether.platform.InvalidInput;
import dev.bellwether.platform.PageNumber;
import dev.bellwether.web.Problems;

/** {@code /api/v1/accounts}: the tenant's accounts with their health, per docs/api.md. All roles. */
@Path("/api/v1/accounts")
@RolesAllowed({ "admin", "executive", "csm" })
@Produces(MediaType.APPLICATION_JSON)
public class AccountApi {

    static final int PAGE_SIZE = 50;

    /** A line of the list (docs/api.md). */
    public record AccountLine(String accountId, String name, String segment, String csmEmail, double mrr, Double health,
            String band, LocalDate renewalDate) {
    }

    /** One month of the account's history. */
    public record HistoryPoint(String month, Double health, String band, int modelVersion) {
    }

    /** The account (docs/api.md), with the explanation of its score. */
    public record AccountView(String accountId, String name, String segment, String csmEmail, Double mrr, Double health,
            String band, LocalDate renewalDate, Boolean active, Double previousHealth, String month,
            Map<String, Double> components, Map<String, Double> measures, Integer mau, Double dauMau,
            Double featureAdoption,
            List<HistoryPoint> history, Explanation explanation, OverrideView override) {
    }

    /** A CSM's manual band in force beside the computed one (null when there is none). */
    public record OverrideView(String band, String reason, LocalDate expiresOn, String setBy, LocalDate setOn) {
    }

    /** The answer to an invalid override. */
    public record Invalid(int status, String error, List<String> problems) {
    }

    /** Why the account scores what it scores: every component and measure, with the model version used. */
    public record Explanation(List<AccountDetail.ComponentPart> components, List<AccountDetail.MeasurePart> measures,
            int modelVersion) {
    }

    @Inject
    AccountBook book;

    @Inject
    Snapshots snapshots;

    @Inject
    HealthOverrides overrides;

    @Inject
    AccountViews views;

    @Inject
    Validator validator;

    @Inject
    Clock clock;

    /**
     * {@code ?band=&segment=&csm=&sort=&page=} ({@code band} may repeat: any of them): sort by health (default),
     * -health, mrr, -mrr, name,
     * renewal; 50 per page. Any segment is accepted (the tenant's own words); one no account has
     * answers an empty list.
     */
    @GET
    public List<AccountLine> list(@QueryParam("band") List<String> band, @QueryParam("segment") String segment,
            @QueryParam("csm") String csm, @QueryParam("sort") @DefaultValue("health") String sort,
            @QueryParam("page") @DefaultValue("1") String pageParam) {
        // an empty value is no value, as in the contract's own ?band=&segment=&csm=&sort=&page=
        String sortKey = sort.isBlank() ? "health" : sort.strip();
        // repeated (?band=healthy&band=at_risk), the bands add up, as on the CSM page
        List<BandFilter> bands = band.stream().filter(b -> !b.isBlank()).map(b -> BandFilter.of(b.strip())
                .orElseThrow(() -> new BadRequestException(
                        "band must be one of healthy, needs_attention, at_risk, none (or null)"))).distinct().toList();
        if (!AccountBook.SORTS.containsKey(sortKey)) {
            throw new BadRequestException("sort must be one of " + String.join(", ", AccountBook.SORTS.keySet()));
        }
        // read here, not bound as an int: JAX-RS answers a query value it cannot convert with 404
        int page = PageNumber.strict(pageParam);
        LocalDate asOf = snapshots.lastDay().orElseGet(() -> Clocks.today(clock));
        // a blank segment is no filter (no account's is blank), as on the CSM page
        AccountBook.Filter filter = new AccountBook.Filter(bands, segment == null || segment.isBlank() ? null : segment,
                csm == null || csm.isBlank() ? null : csm.strip(), null, null, false, false, false);
        return book.list(filter, sortKey, page, PAGE_SIZE, asOf).lines()
                .stream().map(l -> new AccountLine(l.accountId(), l.name(), l.segment(), l.csmEmail(), l.mrr(),
                        l.health(),
                        l.band(), l.renewalDate()))
                .toList();
    }

    /** One account; another tenant's id answers 404 exactly like an id that does not exist. */
    @GET
    @Path("/{accountId}")
    public AccountView get(@PathParam("accountId") String accountId) {
        AccountBook.Full account = book.find(accountId).orElseThrow(NotFoundException::new);
        AccountBook.Line l = account.line();
        AccountDetail d = account.detail();
        List<HistoryPoint> history = book.history(accountId).stream()
                .map(h -> new HistoryPoint(h.month().toString(), h.health(), h.band(), h.modelVersion())).toList();
        YearMonth month = account.month();
        // not recalculated yet: what it pays and whether it is active are not known (not 0 and false)
        return new AccountView(l.accountId(), l.name(), l.segment(), l.csmEmail(), month == null ? null : l.mrr(),
                l.health(), l.band(), l.renewalDate(), month == null ? null : l.active(), l.previousHealth(),
                month == null ? null : month.toString(),
                // without figures, the objects keep their keys (the contract's shape), each value null
                d == null ? AccountDetail.noComponents() : d.components(),
                d == null ? AccountDetail.noMeasures() : d.measures(), d == null ? null : d.mau(),
                d == null ? null : d.dauMau(), d == null ? null : d.featureAdoption(), history,
                d == null ? null : new Explanation(d.explainComponents(), d.explainMeasures(), d.modelVersion()),
                overrides.find(accountId)
                        .map(o -> new OverrideView(o.band(), o.reason(), o.expiresOn(), o.setBy(), o.setOn()))
                        .orElse(null));
    }

    /**
     * Sets the account's manual band: its CSM or an admin; {@code expiresOn} at most 90 days ahead.
     * 422 with the problems when the request is not valid, 403 for someone else's account.
     */
    @PUT
    @Path("/{accountId}/override")
    @RolesAllowed({ "admin", "csm" })
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setOverride(@PathParam("accountId") String accountId, OverrideRequest request) {
        views.overridable(accountId);
        List<String> problems = request == null ? List.of("a body {band, reason, expiresOn} is required")
                : Problems.of(validator, request);
        if (!problems.isEmpty()) {
            return Response.status(422).entity(new Invalid(422, "invalid_override", problems)).build();
        }
        try {
            overrides.set(accountId, request.band(), request.reason(), request.expiresOnDate(), null);
        } catch (InvalidInput e) { // midnight passed since the check
            return Response.status(422).entity(new Invalid(422, "invalid_override", e.messages())).build();
        }
        return Response.ok(get(accountId)).build();
    }

    /** Ends the override now; 404 when there is none in force. */
    @DELETE
    @Path("/{accountId}/override")
    @RolesAllowed({ "admin", "csm" })
    public Response clearOverride(@PathParam("accountId") String accountId) {
        views.overridable(accountId);
        if (!overrides.clear(accountId, null)) {
            throw new NotFoundException();
        }
        return Response.noContent().build();
    }
}
