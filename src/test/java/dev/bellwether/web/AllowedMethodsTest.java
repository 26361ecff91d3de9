package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The path templates a 405's Allow header is read from, matched as the REST layer matches them. */
class AllowedMethodsTest {

    @Test
    void aVariableIsOneSegmentAndARegexVariableItsOwnPattern() {
        var exports = AllowedMethods.template("/accounts/{accountId}" + "/" + "/{list:surveys|tickets}.csv");
        assertTrue(exports.matcher("/accounts/ACC-1/tickets.csv").matches());
        assertFalse(exports.matcher("/accounts/ACC-1/notes.csv").matches());
        assertFalse(exports.matcher("/accounts/ACC-1/x/tickets.csv").matches(), "one segment only");
        var nested = AllowedMethods.template("/codes/{code: [A-Z]{3}}");
        assertTrue(nested.matcher("/codes/EUR").matches());
        assertFalse(nested.matcher("/codes/EURO").matches());
    }

    @Test
    void theClassAndMethodPathsJoinWithOneSlashAndATrailingSlashStillMatches() {
        var metrics = AllowedMethods.template("/api/v1" + "/" + "/metrics");
        assertEquals("/api/v1/metrics", metrics.pattern().replace("\\Q", "").replace("\\E", "").replace("/?", ""));
        assertTrue(metrics.matcher("/api/v1/metrics/").matches());
        assertFalse(metrics.matcher("/api/v1/metrics/csms").matches());
        var root = AllowedMethods.template("/admin/integrations" + "/");
        assertTrue(root.matcher("/admin/integrations").matches());
        assertFalse(root.matcher("/admin/integrations/keys").matches());
        assertFalse(AllowedMethods.template("/accounts/{id}/{list:a|b}.csv").matcher("/accounts/1/aXcsv").matches(),
                "a literal dot is no wildcard");
    }
}
