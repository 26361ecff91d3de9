package dev.bellwether.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The test resources every Quarkus test shares: the test database; a stand-in for Keycloak's
 * discovery and key endpoints for {@code @QuarkusTest}; the real Keycloak for the end-to-end
 * suite ({@code @QuarkusIntegrationTest}); a DNS server both ask for the TXT records that prove a
 * domain. Each resource knows which kind of test it serves.
 */
@QuarkusTestResource(DatabaseBootstrap.class)
@QuarkusTestResource(FakeKeycloak.class)
@QuarkusTestResource(RealKeycloak.class)
@QuarkusTestResource(TestDns.class)
public class SharedTestResources {
}
