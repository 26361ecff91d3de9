package dev.bellwether.testing;

import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The operator's tests: the identity provider's side of tenants is {@link RecordingDirectory}. */
public class OperatorProfile implements QuarkusTestProfile {

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingDirectory.class);
    }
}
