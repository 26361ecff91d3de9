package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** docs/metrics.md's CSM load at M: each CSM's active accounts and their ARR, and active accounts per CSM. */
final class CsmLoadCalc {

    private CsmLoadCalc() {
    }

    static CsmLoad at(List<AccountResult> accounts, int m) {
        Map<String, double[]> books = new TreeMap<>();
        int active = 0;
        for (AccountResult result : accounts) {
            AccountFacts a = result.facts();
            if (!a.active(m)) {
                continue;
            }
            active++;
            String csm = MetricsEngine.csmOf(a.csmEmail); // "(none)" and "(unassigned)" are no CSM either
            if (csm != null) {
                double[] book = books.computeIfAbsent(csm, k -> new double[2]);
                book[0]++;
                book[1] += a.mrr[m];
            }
        }
        List<CsmBook> csms = new ArrayList<>();
        // ARR as the CSM's figures give it: 12 × the book's MRR, exact to 4 decimals (no noise of the sum's binary
        // fractions, 831434.7599999999 for 831434.76)
        books.forEach((email, book) -> csms.add(new CsmBook(email, (int) book[0], Ratios.amount(12 * book[1]))));
        return new CsmLoad(csms, active, csms.size(), csms.isEmpty() ? null : (double) active / csms.size());
    }
}
