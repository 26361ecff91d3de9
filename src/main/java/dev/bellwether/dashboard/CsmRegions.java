package dev.bellwether.dashboard;

import java.util.function.Supplier;

import dev.bellwether.web.RenderedRegions;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

/**
 * The CSM page's regions that read only the view's data, the URL's state, the viewer's role and the
 * currency: the tiles, the account table and the alerts panel, each rendered once per key
 * ({@link RenderedRegions}) and reused. {@code key} names the view's data (tenant, e-mail, URL, alerts
 * shown, version, today); null when the view was not built from cached data, and then every region
 * renders afresh. A panel that says the outcome of an action (a flash) is always rendered afresh.
 */
public final class CsmRegions {

    private record Key(String region, Object view, boolean mayAct, String currency) {
    }

    private final RenderedRegions rendered;
    private final Object key;
    private final String currency;
    private CsmResource.CsmView view;

    CsmRegions(RenderedRegions rendered, Object key, String currency) {
        this.rendered = rendered;
        this.key = key;
        this.currency = currency;
    }

    /** Set once, right after the view that holds these regions is built. */
    void of(CsmResource.CsmView view) {
        this.view = view;
    }

    public RawString tiles() {
        return region("tiles", () -> CsmResource.Templates.page$tiles(view));
    }

    public RawString table() {
        return region("table", () -> CsmResource.Templates.page$table(view));
    }

    public RawString alerts() {
        return region(view.flash() == null ? "alerts" : null, () -> CsmResource.Templates.page$alerts(view));
    }

    private RawString region(String name, Supplier<TemplateInstance> template) {
        return rendered.of(key == null || name == null ? null : new Key(name, key, view.viewer().mayAct(), currency),
                template);
    }
}
