package dev.bellwether.health;

/** Health bands: healthy ≥ the healthy threshold, at risk below the at-risk threshold, needs attention between. */
public enum Band {
    HEALTHY("healthy", "Healthy"), NEEDS_ATTENTION("needs_attention", "Needs attention"), AT_RISK("at_risk", "At risk");

    private final String key;
    private final String label;

    Band(String key, String label) {
        this.key = key;
        this.label = label;
    }

    public String key() {
        return key;
    }

    public String label() {
        return label;
    }

    public static Band of(String key) {
        for (Band band : values()) {
            if (band.key.equals(key)) {
                return band;
            }
        }
        throw new IllegalArgumentException("No band " + key);
    }
}
