package dev.bellwether.platform;

import jakarta.ws.rs.BadRequestException;

/** A page number as an address gives it ({@code ?page=}): lists clamp it to their pages. */
public final class PageNumber {

    /** What the 400 for a page that {@link #strict} refuses says. */
    public static final String STRICT_RULE = "page must be a whole number from 1 to 999999999 (1, 2, …)";

    private PageNumber() {
    }

    /**
     * {@code page} read as a page number: 1 when missing, unreadable or below 1; {@link Integer#MAX_VALUE} when
     * it is a number past the range of an int (past any list's end too, so the caller shows its last page).
     */
    public static int read(String page) {
        if (page == null) {
            return 1;
        }
        String digits = page.strip();
        try {
            return Math.max(1, Integer.parseInt(digits));
        } catch (NumberFormatException e) {
            return digits.matches("\\+?\\d{1,1000}") ? Integer.MAX_VALUE : 1;
        }
    }

    /**
     * {@code page} as an API reads it: 1 when missing or blank, the number when it is a whole number from 1 to
     * 999999999 (spaces around it dropped); anything else is a 400 saying {@link #STRICT_RULE}.
     */
    public static int strict(String page) {
        String text = page == null || page.isBlank() ? "1" : page.strip();
        if (!text.matches("[1-9]\\d{0,8}")) {
            throw new BadRequestException(STRICT_RULE);
        }
        return Integer.parseInt(text);
    }

    /** How many pages {@code total} items take, {@code size} to a page: at least one, an empty list's. */
    public static int pages(long total, int size) {
        return (int) Math.max(1, (total + size - 1) / size);
    }
}
