package dev.bellwether.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import dev.bellwether.account.AccountBook;
import dev.bellwether.alerts.AlertRule;
import dev.bellwether.tenant.CurrentUser;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

/**
 * {@code /settings/notifications}: the signed-in user chooses their digest and the alert rules they
 * want by email at once (the page behind {@code /api/v1/me/notifications}).
 */
@Path("/settings/notifications")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class NotificationsPage {

    /** A rule as a checkbox. */
    public record Rule(String key, String label, boolean chosen) {
    }

    /**
     * The form: the saved or typed choice, the rules, what the last action did, and what was wrong; {@code noBook}
     * when the reader follows only their own book and no account names them as CSM (digests would then list only
     * their tasks, and no alert of theirs would be emailed: said, not left to wonder at); {@code noRole} when the
     * reader holds none of Bellwether's roles, and is emailed nothing.
     */
    public record View(String digest, List<Rule> rules, String email, boolean wholeTenant, String flash,
            String error, boolean noBook, boolean noRole) {
    }

    /** Why a member without a Bellwether role cannot choose an email: nothing is sent to them. */
    static final String NO_ROLE = "Emails go to members with a Bellwether role (admin, executive or csm), and you"
            + " have none: ask an admin of your organisation for one.";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance page(View view);
    }

    @Inject
    CurrentUser user;

    @Inject
    NotificationSettings settings;

    @Inject
    AccountBook accounts;

    @GET
    public TemplateInstance page(@QueryParam("saved") String saved) {
        NotificationSettings.Settings current = settings.of(user.getUsername());
        return Templates.page(view(current.digest().word(), current.immediate(),
                saved == null ? null : "Saved.", null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(MultivaluedMap<String, String> form) {
        String typed = Optional.ofNullable(form.getFirst("digest")).orElse("");
        Optional<DigestFrequency> digest = Arrays.stream(DigestFrequency.values())
                .filter(f -> f.word().equals(typed)).findFirst();
        List<AlertRule> rules = new ArrayList<>();
        Optional<String> unknown = RequestBodies.formRules(form.get("immediate"), rules);
        List<String> keys = rules.stream().map(AlertRule::key).toList();
        String error = null;
        if (unknown.isPresent()) {
            error = RequestBodies.notARule(unknown.get());
        } else if (digest.isEmpty()) {
            error = "Choose off, daily or weekly for the digest.";
        } else if ((digest.get() != DigestFrequency.OFF || !rules.isEmpty()) && user.getRole().isEmpty()) {
            error = NO_ROLE;
        } else if ((digest.get() != DigestFrequency.OFF || !rules.isEmpty()) && user.getEmail() == null) {
            error = "Emails need a verified email address on your account, and yours has none. Ask an admin.";
        }
        if (error != null) {
            return Response.status(422).entity(Templates.page(view(typed, keys, "Nothing was saved.", error)))
                    .build();
        }
        settings.save(user.getTenantId(), UserDirectory.of(user), digest.get(), rules);
        return Response.seeOther(URI.create("/settings/notifications?saved=1")).build();
    }

    private View view(String digest, List<String> chosen, String flash, String error) {
        List<Rule> rules = Arrays.stream(AlertRule.values())
                .map(r -> new Rule(r.key(), r.label(), chosen.contains(r.key()))).toList();
        boolean whole = UserDirectory.of(user).seesWholeTenant();
        boolean noRole = user.getRole().isEmpty();
        boolean noBook = !whole && !noRole && user.getEmail() != null && !accounts.owns(user.getEmail());
        return new View(digest, rules, user.getEmail(), whole, flash, error, noBook, noRole);
    }
}
