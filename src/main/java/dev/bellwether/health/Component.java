package dev.bellwether.health;

import java.util.Arrays;
import java.util.Optional;

/** The four components of the health score. */
public enum Component {
    USAGE("usage"), ENGAGEMENT("engagement"), OUTCOMES("outcomes"), FINANCIAL("financial");

    private final String key;

    Component(String key) {
        this.key = key;
    }

    /** The name in JSON and on pages. */
    public String key() {
        return key;
    }

    public static Optional<Component> of(String key) {
        return Arrays.stream(values()).filter(c -> c.key.equals(key)).findFirst();
    }
}
