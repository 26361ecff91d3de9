package dev.bellwether.platform;

/** A page number as an address gives it ({@code ?page=}): lists clamp it to their pages. */
public final class PageNumber {

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
}
