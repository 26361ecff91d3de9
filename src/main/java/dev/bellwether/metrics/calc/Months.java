package dev.bellwether.metrics.calc;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * The months a tenant's metrics are computed for: from its first month of MRR data to its last
 * (the default reporting month), with each month's last day {@code D} as epoch days.
 */
public final class Months {

    private final YearMonth first;
    private final int count;
    private final int[] lastDays;
    private final int[] firstDays;

    public Months(YearMonth first, YearMonth last) {
        this.first = first;
        this.count = (int) (first.until(last, java.time.temporal.ChronoUnit.MONTHS) + 1);
        this.lastDays = new int[count];
        this.firstDays = new int[count];
        for (int i = 0; i < count; i++) {
            YearMonth month = first.plusMonths(i);
            firstDays[i] = (int) month.atDay(1).toEpochDay();
            lastDays[i] = (int) month.atEndOfMonth().toEpochDay();
        }
    }

    public int count() {
        return count;
    }

    public YearMonth month(int index) {
        return first.plusMonths(index);
    }

    /** The index of {@code month}, or -1 when it is outside the range. */
    public int indexOf(YearMonth month) {
        long i = first.until(month, java.time.temporal.ChronoUnit.MONTHS);
        return i < 0 || i >= count ? -1 : (int) i;
    }

    /** The month's last day {@code D}, as an epoch day. */
    public int lastDay(int index) {
        return lastDays[index];
    }

    public int firstDay(int index) {
        return firstDays[index];
    }

    public LocalDate lastDate(int index) {
        return LocalDate.ofEpochDay(lastDays[index]);
    }

    public List<YearMonth> all() {
        List<YearMonth> months = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            months.add(month(i));
        }
        return months;
    }
}
