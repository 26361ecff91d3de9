package dev.bellwether.dashboard;

import dev.bellwether.web.Links;

/**
 * Where an executive tile leads: the CSM list (every account, read only for executives) filtered to
 * the accounts behind the figure, today. The list shows accounts as they are now, whatever month
 * the dashboard shows; the link's words say which accounts open.
 */
public record ExecutiveDrill(String url, String label) {

    /** The drill-down of the tile of {@code key}, or null for a figure no list stands behind. */
    public static ExecutiveDrill of(String key) {
        return switch (key) {
            case "percentHealthy" -> new ExecutiveDrill(Links.csmAll("band", "healthy", "paying", "true"),
                    "Healthy paying accounts");
            case "alerts" -> new ExecutiveDrill(Links.csmAll("alerts", "open"), "Accounts with open alerts");
            case "logoChurnRate" -> new ExecutiveDrill(Links.csmAll("band", "none"),
                    "Accounts without a score: not paying now, or too little data");
            case "nrr", "grr", "arr", "clv" -> new ExecutiveDrill(Links.csmAll("paying", "true", "sort", "-mrr"),
                    "Paying accounts, largest first");
            case "expansionRate" -> new ExecutiveDrill(Links.csmAll("expansion", "open"),
                    "Accounts with open expansion");
            case "nps", "ces" -> new ExecutiveDrill(Links.csmAll("paying", "true"),
                    "Paying accounts, least healthy first");
            default -> null;
        };
    }
}
