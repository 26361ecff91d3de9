package dev.bellwether.web;

import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.function.Function;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * Every CSV download (lists, tables, import problems): typed columns written with FastCSV, safe to
 * open in a spreadsheet. A text cell that would start a formula ({@code = + - @}, or a tab or
 * carriage return) is neutralised with a leading apostrophe (OWASP's CSV injection advice).
 *
 * <p>One rounding rule: a computed figure (a percentage, a score, a health) is written as the pages
 * show it, with one decimal (docs/metrics.md: "computed unrounded, shown with one decimal"); an
 * amount of money to the cent. Both round as the pages do (Figure); an undefined value is an empty cell.
 */
public final class CsvExport {

    /** A column: its header and how a row's cell is written. */
    public record Column<T>(String header, Function<T, String> cell) {
    }

    private CsvExport() {
    }

    /** Text from the data (names, ids, e-mails, comments): neutralised so a spreadsheet never evaluates it. */
    public static <T> Column<T> text(String header, Function<T, String> value) {
        return new Column<>(header, row -> safe(value.apply(row)));
    }

    /**
     * A value of the product's own vocabulary or a date, an instant, a count or a flag: written as
     * it is ({@code toString}), empty when null. Never text a person typed.
     */
    public static <T> Column<T> value(String header, Function<T, ?> value) {
        return new Column<>(header, row -> {
            Object v = value.apply(row);
            return v == null ? "" : v.toString();
        });
    }

    /** A computed figure (percentage, score, health), with one decimal. */
    public static <T> Column<T> figure(String header, Function<T, Double> value) {
        return new Column<>(header, row -> rounded(value.apply(row), 1));
    }

    /** An amount of money, to the cent. */
    public static <T> Column<T> money(String header, Function<T, Double> value) {
        return new Column<>(header, row -> rounded(value.apply(row), 2));
    }

    /** A streamed CSV attachment named {@code fileName}: the header row, then one line per row. */
    public static <T> Response attachment(String fileName, List<Column<T>> columns, Iterable<T> rows) {
        StreamingOutput body = out -> {
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF)
                    .build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                csv.writeRecord(columns.stream().map(Column::header).toList());
                for (T row : rows) {
                    csv.writeRecord(columns.stream().map(c -> c.cell().apply(row)).toList());
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", disposition(fileName)).build();
    }

    /**
     * A file name made of {@code parts} with anything but letters (of any script, with the marks many write their
     * vowels with: हिन्दी), digits, dot, dash and underscore replaced by an underscore; composed (NFC), so that a
     * "ü" written as "u" and a mark is one letter.
     */
    public static String fileName(String... parts) {
        return Normalizer.normalize(String.join("-", parts), Normalizer.Form.NFC)
                .replaceAll("[^\\p{L}\\p{M}\\p{N}._-]", "_") + ".csv";
    }

    /**
     * The attachment header of {@code fileName}: a plain ASCII name for old clients, and when the name
     * has other letters the exact one as RFC 6266's {@code filename*} (UTF-8, percent-encoded), which
     * browsers prefer.
     */
    static String disposition(String fileName) {
        String ascii = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (ascii.equals(fileName)) {
            return "attachment; filename=\"" + ascii + "\"";
        }
        // a name of fileName's letters, digits, dots, dashes and underscores: a path segment's encoding is RFC 5987's
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + Links.segment(fileName);
    }

    /** A cell value that a spreadsheet will show as text, never evaluate. */
    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return value == null ? "" : value;
        }
        char first = value.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            return "'" + value;
        }
        return value;
    }

    /**
     * {@code value} rounded to {@code decimals} exactly as the pages show it ({@link Figure#rounded}: half away
     * from zero on the value itself, so -6.25 is -6.3 and 1.45, stored as 1.4499…, is 1.4), written without an
     * exponent and with at least one decimal (12345678.9, 10000000.0, 1200.0); "" when null.
     */
    static String rounded(Double value, int decimals) {
        if (value == null) {
            return "";
        }
        BigDecimal shown = BigDecimal.valueOf(Figure.rounded(value, decimals));
        return (shown.scale() < 1 ? shown.setScale(1) : shown).toPlainString();
    }
}
