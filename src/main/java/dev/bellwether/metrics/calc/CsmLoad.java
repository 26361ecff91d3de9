package dev.bellwether.metrics.calc;

import java.util.List;

/** The CSMs' books at M, every active account, and accounts per CSM (null without CSMs). */
public record CsmLoad(List<CsmBook> csms, int activeAccounts, int csmCount, Double ratio) {
}
