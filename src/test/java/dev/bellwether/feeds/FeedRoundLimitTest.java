package dev.bellwether.feeds;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.bellwether.testing.FakeKeycloak;
import dev.bellwether.testing.TenantData;
import dev.bellwether.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A backlog larger than a round's limit is applied over several rounds, one per poll: here two track calls a
 * round, so five take three rounds; the batch's group call, which the track calls need, goes in the first.
 */
@QuarkusTest
@TestProfile(FeedRoundLimitTest.TwoTracksARound.class)
class FeedRoundLimitTest {

    public static class TwoTracksARound implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("bellwether.feeds.round-limit", "2");
        }
    }

    @Inject
    TestTenants tenants;

    @Inject
    TenantData data;

    @Test
    void aBacklogOverTheLimitIsAppliedOverTheNextRounds() throws Exception {
        String tenant = tenants.create("round-limit");
        String secret = given().auth().oauth2(FakeKeycloak.accessToken("ada", tenant, "admin"))
                .contentType(ContentType.JSON).body("{\"name\":\"Segment\"}").post("/api/v1/admin/ingest-keys")
                .then().statusCode(201).extract().path("secret");
        EventsApiTest.dueIn(tenant, "1 hour"); // no round until the whole backlog is staged
        StringJoiner batch = new StringJoiner(",", "{\"batch\":[", "]}");
        batch.add("{\"type\":\"group\",\"groupId\":\"ACC-1\",\"messageId\":\"z-group\",\"traits\":{\"name\":\"One\"}}");
        for (int i = 1; i <= 5; i++) {
            batch.add("{\"type\":\"track\",\"messageId\":\"t-" + i + "\",\"userId\":\"u" + i + "\",\"event\":\"Login\","
                    + "\"context\":{\"groupId\":\"ACC-1\"},\"timestamp\":\"2026-11-04T12:00:00Z\"}");
        }
        given().auth().preemptive().basic(secret, "").contentType(ContentType.JSON).body(batch.toString())
                .post("/api/v1/events").then().statusCode(200).body("accepted", equalTo(6));
        EventsApiTest.dueIn(tenant, "-1 hour");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!"5".equals(data.single(tenant, "select count(*) from product_usage"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertEquals("5", data.single(tenant, "select count(*) from product_usage"));
        // each round marks its events with its own transaction's time
        assertEquals("group,track,track|track,track|track", data.single(tenant, "select string_agg(kinds, '|'"
                + " order by applied_at) from (select applied_at, string_agg(kind, ',' order by kind) as kinds"
                + " from feed_event group by applied_at) r"));
    }
}
