package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Every URL is built with its path segments and query values encoded. */
class LinksTest {

    @Test
    void accountUrlsEncodeTheIdAsOnePathSegment() {
        assertEquals("/accounts/ACC-00001", Links.account("ACC-00001"));
        assertEquals("/accounts/ACME%2001%2Fx%3F", Links.account("ACME 01/x?"));
        assertEquals("/accounts/A%26B/alerts/7", Links.accountAlert("A&B", 7));
        assertEquals("/accounts/A%26B/override", Links.accountOverride("A&B"));
        assertEquals("/accounts/A%26B#override", Links.accountOverridePanel("A&B"));
        assertEquals("/accounts/ACC-1/tickets.csv", Links.accountExport("ACC-1", "tickets"));
    }

    @Test
    void queriesLeaveOutEmptyValuesAndEncodeTheRest() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("scope", "all");
        query.put("q", "Smith & Sons");
        query.put("band", null);
        query.put("segment", "");
        assertEquals("/csm?scope=all&q=Smith+%26+Sons", Links.csm(query));
        assertEquals("/csm/accounts.csv?scope=all&q=Smith+%26+Sons", Links.csmExport(query));
        assertEquals("/csm", Links.csm(Map.of()));
        assertEquals("/csm/alerts?scope=mine&all=true", Links.csmAllAlerts("mine"));
        assertEquals("/csm/tiles?scope=all&band=at_risk", Links.csmTiles(List.of(Map.entry("scope", "all"),
                Map.entry("band", "at_risk"))));
        assertEquals("/csm/alerts/12", Links.csmAlert(12));
    }

    @Test
    void adminAndDashboardUrls() {
        assertEquals("/executive?month=2026-03", Links.executive(YearMonth.of(2026, 3)));
        assertEquals("/executive", Links.executive(null));
        assertEquals("/executive/breakdown.csv?month=2026-03&by=csm",
                Links.executiveBreakdown(YearMonth.of(2026, 3), "csm"));
        assertEquals("/admin/audit?kind=target", Links.audit("target"));
        assertEquals("/admin/audit", Links.audit(null));
        assertEquals("/admin/audit?kind=import&page=2", Links.auditPage("import", 2));
        assertEquals("/admin/audit?page=1", Links.auditPage(null, 1));
        assertEquals("/admin/coverage?page=3", Links.coverage(3));
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertEquals("/admin/imports/" + id + "/problems.csv", Links.importProblems(id));
        assertEquals("/admin/imports/templates/mrr.csv", Links.importTemplate("mrr.csv"));
    }
}
