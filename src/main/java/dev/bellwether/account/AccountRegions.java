package dev.bellwether.account;

import java.util.function.Supplier;

import dev.bellwether.web.RenderedRegions;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/**
 * The account page's regions that show only the account's data at one version: why its score is what it
 * is, its charts, its survey answers and tickets, its opportunities. Each is rendered once per
 * {@link AccountView#dataKey() data key} ({@link RenderedRegions}) and reused; without a key (no figures
 * yet) each renders afresh. The rest of the page (its alerts, whose actions depend on the viewer's role, its
 * override, whose form depends on whether the viewer may set one, and its activities) renders on every request
 * from data read once per version too ({@code AccountViews}).
 */
public final class AccountRegions {

    private record Key(String region, Object data) {
    }

    private final RenderedRegions rendered;
    private final AccountView view;

    AccountRegions(RenderedRegions rendered, AccountView view) {
        this.rendered = rendered;
        this.view = view;
    }

    public RawString why() {
        return region("why", () -> AccountPage.Templates.page$why(view));
    }

    public RawString charts() {
        return region("charts", () -> AccountPage.Templates.page$charts(view));
    }

    public RawString records() {
        return region("records", () -> AccountPage.Templates.page$records(view));
    }

    public RawString opportunities() {
        return region("opportunities", () -> AccountPage.Templates.page$opportunities(view));
    }

    private RawString region(String name, Supplier<TemplateInstance> template) {
        return rendered.of(view.dataKey() == null ? null : new Key(name, view.dataKey()), template);
    }
}
