package dev.bellwether.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * CSV downloads (lists, tables, import problems) written with FastCSV, safe to open in a
 * spreadsheet: a cell that would start a formula ({@code = + - @}, or a tab or carriage return)
 * is neutralised with a leading apostrophe (OWASP's CSV injection advice).
 */
public final class CsvExport {

    private CsvExport() {
    }

    /** Writes the rows of a download. */
    @FunctionalInterface
    public interface Rows {
        void write(CsvWriter csv) throws IOException;
    }

    /** A streamed CSV attachment named {@code fileName}, UTF-8 with a BOM so spreadsheets read it as such. */
    public static Response attachment(String fileName, Rows rows) {
        StreamingOutput body = out -> {
            out.write(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF });
            try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.CRLF)
                    .build(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                rows.write(csv);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
        return Response.ok(body, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName.replace("\"", "") + "\"").build();
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
}
