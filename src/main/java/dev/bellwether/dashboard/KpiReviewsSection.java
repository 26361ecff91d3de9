package dev.bellwether.dashboard;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.bellwether.notify.DigestSection;

/**
 * The digest's "KPI reviews overdue" section: the KPIs the reader owns whose review day has passed
 * (issue 16's owners and cadences). Only owners see it; the lines link to nothing.
 */
@ApplicationScoped
public class KpiReviewsSection implements DigestSection {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

    @Inject
    KpiOwners owners;

    @Override
    public int order() {
        return 25;
    }

    @Override
    public String title() {
        return "KPI reviews overdue";
    }

    @Override
    public Lines lines(Reader reader, int limit) {
        List<Line> lines = owners.overdue(reader.today()).stream()
                .filter(o -> reader.email() != null && reader.email().equalsIgnoreCase(o.owner()))
                .map(o -> new Line(o.kpi().label() + ": the " + o.cadence().name().toLowerCase(Locale.ROOT)
                        + " review was due on " + DAY.format(o.nextReview()), null))
                .toList();
        return Lines.of(lines, limit);
    }
}
