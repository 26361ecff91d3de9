package dev.bellwether.alerts;

import static dev.bellwether.testing.ImportClient.SAMPLE;
import static dev.bellwether.testing.ImportClient.upload;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.Recalculations;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;

/** The announcement observers (playbooks, notifications) rely on: each alert opens once, and says so once. */
@QuarkusTest
class AlertsOpenedTest {

    @Inject
    TestTenants tenants;

    @Inject
    Recalculations recalculations;

    @Inject
    Announcements announcements;

    @Test
    void eachOpenedAlertIsAnnouncedOnceAndNotAgainByLaterRecalculations() {
        String tenant = tenants.create("opened");
        String admin = FakeKeycloak.accessToken("ada", tenant, "admin");
        upload(admin, SAMPLE.resolve("all.zip")).then().statusCode(201);
        recalculations.awaitIdle(tenant);
        List<Long> stored = given().auth().oauth2(admin).get("/api/v1/alerts").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
        assertEquals(33, stored.size());
        assertEquals(stored.stream().sorted().toList(), announcements.ids(tenant));
        AlertsOpened.Opened first = announcements.of(tenant).get(0);
        assertEquals(1L, first.id());

        recalculations.request(tenant); // the same data recalculated (uploaded again, it would not be)
        recalculations.awaitIdle(tenant);
        assertEquals(33, announcements.ids(tenant).size(), "the same data opens nothing new");
    }

    /** Records every announcement, as a playbook or notification observer would receive it. */
    @ApplicationScoped
    static class Announcements {
        private final List<AlertsOpened> received = new CopyOnWriteArrayList<>();

        void record(@Observes AlertsOpened event) {
            received.add(event);
        }

        List<AlertsOpened.Opened> of(String tenant) {
            return received.stream().filter(e -> e.tenant().equals(tenant)).flatMap(e -> e.alerts().stream())
                    .toList();
        }

        List<Long> ids(String tenant) {
            return of(tenant).stream().map(AlertsOpened.Opened::id).toList();
        }
    }
}
