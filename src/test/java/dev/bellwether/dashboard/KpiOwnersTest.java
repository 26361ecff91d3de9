package dev.bellwether.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** When a KPI's next review is due, and when it is overdue. */
class KpiOwnersTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 30);

    private static KpiOwner row(String owner, String cadence, LocalDate reviewed, String assigned) {
        KpiOwner row = new KpiOwner();
        row.metric = Kpi.NRR.key();
        row.ownerEmail = owner;
        row.cadence = cadence;
        row.reviewedOn = reviewed;
        row.updatedAt = Instant.parse(assigned);
        return row;
    }

    @Test
    void withoutARowAKpiHasNoOwnerNoReviewDueAndTheSeedsCadence() {
        KpiOwners.Ownership nrr = KpiOwners.ownership(Kpi.NRR, null, TODAY);
        assertNull(nrr.owner());
        assertNull(nrr.nextReview());
        assertFalse(nrr.overdue());
        assertEquals(ReviewCadence.MONTHLY, nrr.cadence());
        assertEquals(ReviewCadence.WEEKLY, KpiOwners.ownership(Kpi.PERCENT_HEALTHY, null, TODAY).cadence());
        assertEquals(ReviewCadence.WEEKLY, KpiOwners.ownership(Kpi.ALERTS, null, TODAY).cadence());
        assertEquals(ReviewCadence.QUARTERLY, KpiOwners.ownership(Kpi.CLV, null, TODAY).cadence());
        assertEquals(ReviewCadence.QUARTERLY, KpiOwners.ownership(Kpi.CES, null, TODAY).cadence());
    }

    /** Reviewed monthly, last on 29 October: due 29 November, so overdue on the 30th. */
    @Test
    void theNextReviewIsOneCadenceAfterTheLast() {
        KpiOwners.Ownership o = KpiOwners.ownership(Kpi.NRR,
                row("ann@x.example", "monthly", LocalDate.of(2026, 10, 29), "2026-10-01T09:00:00Z"), TODAY);
        assertEquals(LocalDate.of(2026, 11, 29), o.nextReview());
        assertTrue(o.overdue());
    }

    /** Never reviewed, assigned on 25 November with a weekly cadence: due 2 December, not overdue yet. */
    @Test
    void neverReviewedCountsFromTheDayTheOwnerWasAssigned() {
        KpiOwners.Ownership o = KpiOwners.ownership(Kpi.NRR,
                row("ann@x.example", "weekly", null, "2026-11-25T23:30:00Z"), TODAY);
        assertEquals(LocalDate.of(2026, 12, 2), o.nextReview());
        assertFalse(o.overdue());
        KpiOwners.Ownership due = KpiOwners.ownership(Kpi.NRR,
                row("ann@x.example", "quarterly", LocalDate.of(2026, 8, 30), "2026-08-01T00:00:00Z"), TODAY);
        assertEquals(TODAY, due.nextReview());
        assertFalse(due.overdue(), "due today is not overdue yet");
    }

    /** Owner since 1 September, never reviewed, weekly: overdue. Switching to monthly on 20 November keeps it so. */
    @Test
    void aChangeOfCadenceAloneDoesNotClearAnOverdueReview() {
        KpiOwner row = row("ann@x.example", "monthly", null, "2026-11-20T10:00:00Z");
        row.ownerSince = LocalDate.of(2026, 9, 1);
        KpiOwners.Ownership o = KpiOwners.ownership(Kpi.NRR, row, TODAY);
        assertEquals(LocalDate.of(2026, 10, 1), o.nextReview(), "counted from the assignment, not the last save");
        assertTrue(o.overdue());
    }

    /** A KPI last reviewed in July and given to a new owner on 28 November: their first review is a cadence away. */
    @Test
    void aNewOwnerIsNotOverdueOnTheirFirstDay() {
        KpiOwner row = row("ben@x.example", "monthly", LocalDate.of(2026, 7, 1), "2026-11-28T10:00:00Z");
        row.ownerSince = LocalDate.of(2026, 11, 28);
        KpiOwners.Ownership o = KpiOwners.ownership(Kpi.NRR, row, TODAY);
        assertEquals(LocalDate.of(2026, 12, 28), o.nextReview());
        assertFalse(o.overdue());
    }

    @Test
    void noOwnerNoReviewDue() {
        assertNull(KpiOwners.ownership(Kpi.NRR, row(null, "weekly", null, "2026-01-01T00:00:00Z"), TODAY)
                .nextReview());
    }
}
