package dev.bellwether.metrics.calc;

import java.util.ArrayList;
import java.util.List;

/**
 * Survey facts for every month of one account at a time: NPS and CSAT answers in (D−180, D]
 * (account windows) and NPS, CSAT, CES in (D−90, D] (tenant windows), and the lowest NPS answer
 * in (D−30, D] for the detractor alert.
 */
public final class SurveyWindows {

    private final Months months;
    private final List<int[]> answers = new ArrayList<>();

    /** Answer types, as in docs/imports.md. */
    public static final int NPS = 0;
    public static final int CSAT = 1;
    public static final int CES = 2;

    public SurveyWindows(Months months) {
        this.months = months;
    }

    /** One answer of the current account: its day (epoch), type ({@link #NPS}, …) and score. */
    public void add(int day, int type, int score) {
        answers.add(new int[] { day, type, score });
    }

    public static int type(String type) {
        return switch (type) {
            case "NPS" -> NPS;
            case "CSAT" -> CSAT;
            default -> CES;
        };
    }

    public void finish(AccountFacts facts) {
        countNpsByMonth(facts);
        for (int i = 0; i < months.count(); i++) {
            int d = months.lastDay(i);
            for (int[] answer : answers) {
                int day = answer[0];
                int score = answer[2];
                if (day > d || day <= d - 180) {
                    continue;
                }
                boolean in90 = day > d - 90;
                switch (answer[1]) {
                    case NPS -> {
                        facts.npsAnswers180[i]++;
                        if (score >= 9) {
                            facts.npsPromoters180[i]++;
                        } else if (score <= 6) {
                            facts.npsDetractors180[i]++;
                        }
                        if (in90) {
                            facts.npsAnswers90[i]++;
                            if (score >= 9) {
                                facts.npsPromoters90[i]++;
                            } else if (score <= 6) {
                                facts.npsDetractors90[i]++;
                            }
                        }
                        if (day > d - 30) {
                            facts.lowestNps30[i] = Math.min(facts.lowestNps30[i], score);
                        }
                    }
                    case CSAT -> {
                        facts.csatAnswers180[i]++;
                        if (score >= 4) {
                            facts.csatGood180[i]++;
                        }
                        if (in90) {
                            facts.csatAnswers90[i]++;
                            if (score >= 4) {
                                facts.csatGood90[i]++;
                            }
                        }
                    }
                    default -> {
                        if (in90) {
                            facts.cesAnswers90[i]++;
                            facts.cesSum90[i] += score;
                        }
                    }
                }
            }
        }
        answers.clear();
    }

    /** NPS answers dated within each calendar month (not a window ending at D). */
    private void countNpsByMonth(AccountFacts facts) {
        for (int[] answer : answers) {
            if (answer[1] != NPS) {
                continue;
            }
            int i = monthOf(answer[0]);
            if (i < 0) {
                continue;
            }
            facts.npsAnswersInMonth[i]++;
            if (answer[2] >= 9) {
                facts.npsPromotersInMonth[i]++;
            } else if (answer[2] <= 6) {
                facts.npsDetractorsInMonth[i]++;
            }
        }
    }

    /** The index of the month {@code day} falls in, or -1 outside the months. */
    private int monthOf(int day) {
        for (int i = 0; i < months.count(); i++) {
            if (day >= months.firstDay(i) && day <= months.lastDay(i)) {
                return i;
            }
        }
        return -1;
    }
}
