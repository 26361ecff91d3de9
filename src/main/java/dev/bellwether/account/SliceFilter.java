package dev.bellwether.account;

import java.time.YearMonth;
import java.util.List;

import dev.bellwether.alerts.AccountCondition;
import dev.bellwether.metrics.calc.MetricsEngine;
import dev.bellwether.metrics.calc.Slice;

/**
 * A list narrowed to one slice of a breakdown (docs/metrics.md, Breakdowns): the accounts whose
 * attribute {@code by} has the value {@code key}; {@code (none)} is the accounts without one (an
 * account without a segment is stored as {@code Unsegmented}). Tenure is measured at {@code month}
 * (the reporting month); without a month a tenure slice matches nobody.
 */
public record SliceFilter(Slice by, String key, YearMonth month) implements AccountCondition {

    /** This filter's condition on the account aliased {@code a} (it reads the account alone). */
    @Override
    public String sql(String a, String tenant, List<Object> parameters) {
        StringBuilder where = new StringBuilder();
        switch (by) {
            case SEGMENT -> { // never empty: an account without one is stored as Unsegmented
                where.append(" and " + a + ".segment = ?");
                parameters.add(key);
            }
            case INDUSTRY -> text(a + ".industry", false, where, parameters);
            case PLAN -> text(a + ".plan", false, where, parameters);
            case CSM -> text(a + ".csm_email", true, where, parameters);
            case TENURE -> tenure(a, where, parameters);
        }
        return where.toString();
    }

    private void text(String column, boolean ignoreCase, StringBuilder where, List<Object> parameters) {
        if (Slice.NONE.equals(key)) {
            // the engine's rule (MetricsEngine.csmKey, Slice.keyOf): a value that says "(none)" is none too
            where.append(" and (" + column + " is null or btrim(" + column + ") in ('', '(none)')"
                    + (ignoreCase ? " or " + column + " = '" + MetricsEngine.NO_CSM + "')" : ")"));
        } else if (ignoreCase) {
            where.append(" and lower(" + column + ") = lower(?)");
            parameters.add(key);
        } else {
            where.append(" and " + column + " = ?");
            parameters.add(key);
        }
    }

    /** Tenure band at M: the month of customer_since between M − upper and M − lower, and on or before D. */
    private void tenure(String a, StringBuilder where, List<Object> parameters) {
        if (month == null) {
            where.append(" and false");
            return;
        }
        int band = List.of(Slice.TENURE_BANDS).indexOf(key);
        int[] lower = { 0, 6, 12, 24 };
        int[] upper = { 5, 11, 23, -1 };
        if (Slice.NONE.equals(key)) {
            where.append(" and (" + a + ".customer_since is null or " + a + ".customer_since > ?)");
            parameters.add(month.atEndOfMonth());
        } else if (band < 0) {
            where.append(" and false");
        } else {
            where.append(" and " + a + ".customer_since <= ?");
            parameters.add(month.minusMonths(lower[band]).atEndOfMonth());
            if (upper[band] >= 0) {
                where.append(" and " + a + ".customer_since >= ?");
                parameters.add(month.minusMonths(upper[band]).atDay(1));
            }
        }
    }
}
