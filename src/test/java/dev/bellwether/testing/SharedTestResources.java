package dev.bellwether.testing;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The test resources every Quarkus test shares: the test database; a stand-in for Keycloak's
 * discovery and key endpoints for {@code @QuarkusTest}; the real Keycloak for the end-to-end
 * suite ({@code @QuarkusIntegrationTest}). Each resource knows which kind of test it serves.
 */
@QuarkusTestResource(DatabaseBootstrap.class)
@QuarkusTestResource(FakeKeycloak.class)
@QuarkusTestResource(RealKeycloak.class)
public class SharedTestResources {
}
