package dev.bellwether.ingest.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.tenant.TenantContext;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/** The generated datasets import cleanly, are reproducible, and look like a living book of business. */
@QuarkusTest
class DemoDataTest {

    @Inject
    DemoData demo;

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void demoTenantIsFilledOnceWithTwoYearsOfDataOwnedByItsCsms() {
        String tenant = tenants.create("demo");
        DemoData.DemoTenant spec = new DemoData.DemoTenant(tenant, 40,
                List.of("cam@acme.example", "cole@acme.example"), 5);
        TenantContext.run(tenant, () -> demo.fill(spec, YearMonth.of(2026, 10)));
        assertEquals(40, data.count(tenant, "account"));
        assertEquals("24", data.single(tenant, "select count(distinct month) from mrr"));
        assertEquals("2024-11-01|2026-10-01", data.single(tenant, "select min(month) || '|' || max(month) from mrr"));
        assertEquals("cam@acme.example,cole@acme.example",
                data.single(tenant, "select string_agg(distinct csm_email, ',' order by csm_email) from account"));
        for (String table : TenantData.TABLES) {
            assertTrue(data.count(tenant, table) > 0, table + " has rows");
        }
        assertTrue(Integer.parseInt(data.single(tenant,
                "select count(*) from survey_response where type = 'NPS' and score <= 6")) > 0, "some detractors");
        String before = data.fingerprint(tenant).toString();
        TenantContext.run(tenant, () -> demo.fill(spec, YearMonth.of(2026, 10)));
        assertEquals(before, data.fingerprint(tenant).toString(), "a tenant with data is left alone");
    }

    @Test
    void sameProfileGivesTheSameFiles() throws IOException {
        var profile = new DatasetGenerator.Profile(25, 6, YearMonth.of(2026, 3), List.of("a@x.example"), 10, 99);
        Path one = Files.createTempDirectory("gen1");
        Path two = Files.createTempDirectory("gen2");
        new DatasetGenerator(profile).write(one);
        new DatasetGenerator(profile).write(two);
        for (String file : new String[] { "accounts.csv", "mrr.csv", "usage.csv", "surveys.csv", "tickets.csv",
                "activities.csv", "opportunities.csv" }) {
            assertArrayEquals(Files.readAllBytes(one.resolve(file)), Files.readAllBytes(two.resolve(file)), file);
        }
    }
}
