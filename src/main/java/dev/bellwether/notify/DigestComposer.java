package dev.bellwether.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import dev.bellwether.platform.Text;
import dev.bellwether.web.Formats;
import dev.bellwether.web.Links;

/**
 * Writes one reader's digest, plain text and simple HTML, from every {@link DigestSection} bean in
 * order. Empty sections are left out; a digest whose sections are all empty is not sent.
 */
@ApplicationScoped
public class DigestComposer {

    /** Lines shown per section; the rest are counted ("… and 12 more"). */
    static final int LINES_PER_SECTION = 25;

    @Inject
    @Any
    Instance<DigestSection> sections;

    @Inject
    NotificationConfig config;

    /** The digest's subject and bodies. */
    public record Digest(String subject, String text, String html) {
    }

    /**
     * The digest for {@code reader}, of the organisation named {@code tenantName}, with the link that unsubscribes
     * them from digests; empty when nothing needs them.
     */
    public Optional<Digest> compose(DigestSection.Reader reader, DigestFrequency frequency, String tenantName,
            String unsubscribe) {
        List<DigestSection> ordered = new ArrayList<>();
        sections.forEach(ordered::add);
        ordered.sort(Comparator.comparingInt(DigestSection::order).thenComparing(DigestSection::title));
        String subject = (frequency == DigestFrequency.WEEKLY ? "Your weekly Bellwether digest, "
                : "Your Bellwether digest, ") + DigestSections.DAY.format(reader.today()) + " · " + tenantName;
        String intro = "Hello " + reader.name() + ", here is what needs you at " + tenantName + ".";
        StringBuilder text = new StringBuilder(intro).append("\n");
        StringBuilder html = new StringBuilder("<h1 style=\"font-size:1.3em\">").append(Html.escape(subject))
                .append("</h1>\n<p>").append(Html.escape(intro)).append("</p>\n");
        boolean any = false;
        for (DigestSection section : ordered) {
            DigestSection.Lines lines = section.lines(reader, LINES_PER_SECTION);
            if (lines.total() == 0) {
                continue;
            }
            any = true;
            String heading = section.title() + " (" + Formats.grouped(lines.total()) + ")";
            text.append("\n").append(heading).append("\n").append("-".repeat(heading.length())).append("\n");
            html.append("<h2 style=\"font-size:1.1em;margin-top:1.5em\">").append(Html.escape(heading))
                    .append("</h2>\n<ul>\n");
            for (DigestSection.Line line : lines.lines()) {
                text.append("• ").append(line.text()).append("\n");
                html.append("<li>");
                if (line.accountId() != null) {
                    String url = url(Links.account(line.accountId()));
                    text.append("  ").append(url).append("\n");
                    html.append("<a href=\"").append(Html.escape(url)).append("\">").append(Html.escape(line.text()))
                            .append("</a>");
                } else {
                    html.append(Html.escape(line.text()));
                }
                html.append("</li>\n");
            }
            if (lines.total() > lines.lines().size()) {
                String more = "… and " + Formats.grouped(lines.total() - lines.lines().size()) + " more in Bellwether";
                text.append(more).append("\n");
                html.append("<li>").append(Html.escape(more)).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        if (!any) {
            return Optional.empty();
        }
        String footer = "You receive this " + frequency + " digest because you chose it.";
        String settings = url("/settings/notifications");
        text.append("\n").append(url("/")).append("\n").append(footer).append(" Change that: ").append(settings)
                .append("\nUnsubscribe from digests: ").append(unsubscribe).append("\n");
        html.append("<p style=\"color:#52606d;font-size:.9em;margin-top:2em\"><a href=\"")
                .append(Html.escape(url("/"))).append("\">Open Bellwether</a> · ").append(Html.escape(footer))
                .append(" <a href=\"").append(Html.escape(settings)).append("\">Change that</a> or <a href=\"")
                .append(Html.escape(unsubscribe)).append("\">unsubscribe from digests</a>.</p>\n");
        return Optional.of(new Digest(subject, text.toString(), Html.page(subject, html.toString())));
    }

    private String url(String path) {
        return Text.withoutTrailing(config.publicUrl(), '/') + path;
    }
}
