package dev.bellwether.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import dev.bellwether.ingest.ImportKind.CellProblem;
import dev.bellwether.ingest.ValueType.InvalidValue;
import dev.bellwether.platform.Text;

/**
 * Streams one CSV file of a known kind through FastCSV (RFC 4180), checks its header and every
 * cell against the kind's columns, reports each problem with its line and column, and hands the
 * rows that pass to a {@link RowSink}. Holds one row in memory at a time.
 */
final class CsvImportReader {

    private static final int MAX_RECORD_CHARS = 1 << 20; // the longest record buffered: binary junk fails fast
    private static final int MAX_FIELDS = 1024; // far more than any kind's columns: a binary file, a wrong separator

    static final String NO_ROWS = "The file has a header but no data rows.";
    /** Put for bytes that are not UTF-8: a noncharacter, so a real U+FFFD (a character lost long ago) is text. */
    static final char UNDECODABLE = '\uFDD0';
    private static final char BOM = '\uFEFF';
    private static final Pattern RECORD_LINE = Pattern.compile("record (?:starting at|that started in) line (\\d+)",
            Pattern.CASE_INSENSITIVE);

    private final String file;
    /** The cells of the record being read whose quotes would be kept as text. */
    private final QuoteAfterSpace quoteAfterSpace = new QuoteAfterSpace();
    private final ImportKind kind;
    private final ImportProblems problems;
    private final Set<String> accounts;
    private final int accountColumn;
    private final DateBounds dates;

    /** Where a file with a header and no rows is noted instead of refused; null: it is refused. */
    private List<ImportError> headerOnly;

    /**
     * @param accounts the tenant's account ids plus those of this import's accounts.csv: rows of other kinds must
     *                 name one of them; reading accounts.csv adds its ids. Null when this import's accounts.csv
     *                 could not be read: the ids are then not checked (every new account would read as unknown)
     */
    CsvImportReader(String file, ImportKind kind, ImportProblems problems, Set<String> accounts, DateBounds dates) {
        this.file = file;
        this.dates = dates;
        this.kind = kind;
        this.problems = problems;
        this.accounts = accounts;
        this.accountColumn = kind.columns().stream().map(Column::name).toList().indexOf("account_id");
    }

    /**
     * A file with a header and no data rows is not a problem but noted in {@code held}: in an import of
     * several files the caller decides (an export writes every kind, even one with no rows).
     */
    CsvImportReader holdingHeaderOnly(List<ImportError> held) {
        this.headerOnly = held;
        return this;
    }

    /**
     * Reads the whole file. Returns the number of data rows, or -1 when the header is unusable
     * (the rows are then not read: their problems would only repeat the header's), the file cannot be
     * parsed as CSV, or its content cannot be read ({@link ImportFile.Unreadable}, e.g. a damaged zip entry).
     */
    long read(InputStream in, RowSink sink) throws IOException {
        try {
            return readRecords(in, sink);
        } catch (ImportFile.Unreadable e) {
            problems.add(e.problem());
            return -1;
        }
    }

    private long readRecords(InputStream in, RowSink sink) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).replaceWith(String.valueOf(UNDECODABLE))
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (CsvReader<CsvRecord> csv = CsvReader.builder()
                .skipEmptyLines(true)
                .allowExtraFields(true)
                .allowMissingFields(true)
                .allowUnclosedQuote(false)
                .maxBufferSize(MAX_RECORD_CHARS)
                // the whole row is held in memory: bounded as one field is (by default a row may hold 64 M)
                .build(CsvRecordHandler.builder().maxFields(MAX_FIELDS).maxFieldSize(MAX_RECORD_CHARS)
                        .maxRecordSize(MAX_RECORD_CHARS).fieldModifier(quoteAfterSpace).build(),
                        withoutBom(new InputStreamReader(in, decoder)));
                CloseableIterator<CsvRecord> records = csv.iterator()) {
            long lastLine = 0;
            try {
                CsvRecord header = records.hasNext() ? records.next() : null;
                while (header != null && blank(header)) { // ",,," or spaces above it, as above a sheet's first row
                    header = records.hasNext() ? records.next() : null;
                }
                if (header == null) {
                    problems.add(new ImportError(file, 1L, null, null,
                            "The file is empty: its first line must be the header (" + kind.headerLine() + ")."));
                    return -1;
                }
                lastLine = header.getStartingLineNumber();
                int[] positions = readHeader(header);
                if (positions == null) {
                    return -1;
                }
                long rows = 0;
                while (records.hasNext()) {
                    CsvRecord record = records.next();
                    lastLine = record.getStartingLineNumber();
                    if (blank(record)) { // ",,," as a spreadsheet writes after its data: an empty line
                        continue;
                    }
                    rows++;
                    readRow(record, header.getFieldCount(), positions, sink);
                }
                if (rows == 0) {
                    ImportError none = new ImportError(file, header.getStartingLineNumber() + 1, null, null,
                            NO_ROWS);
                    if (headerOnly == null) {
                        problems.add(none);
                    } else {
                        headerOnly.add(none);
                    }
                }
                return rows;
            } catch (CsvParseException e) {
                rethrowOurs(e);
                problems.add(new ImportError(file, failingLine(e, lastLine), null, null,
                        "This line could not be read as CSV: "
                                + CsvParseWords.describe(e, MAX_FIELDS, MAX_RECORD_CHARS)));
                return -1;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    /** Column positions in kind order (-1 for an absent optional column), or null if the header is unusable. */
    private int[] readHeader(CsvRecord header) {
        List<Column> columns = kind.columns();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byName.put(columns.get(i).name(), i);
        }
        int[] positions = new int[columns.size()];
        Arrays.fill(positions, -1);
        boolean usable = true;
        long line = header.getStartingLineNumber(); // 1, unless blank lines come first
        for (int field = 0; field < header.getFieldCount(); field++) {
            String raw = header.getField(field);
            String name = Text.trimmedName(raw);
            String lower = name.toLowerCase(Locale.ROOT);
            Integer index = byName.get(lower);
            if (name.indexOf(UNDECODABLE) >= 0 || name.indexOf('\0') >= 0) {
                problems.add(ImportError.ofCell(file, line, name, name,
                        "The header is not readable text. Is this a CSV file saved as UTF-8?"));
                usable = false;
            } else if (name.isEmpty()) {
                problems.add(new ImportError(file, line, null, null,
                        "Column " + (field + 1) + " of the header has no name."));
                usable = false;
            } else if (index == null) {
                problems.add(ImportError.ofCell(file, line, name, name, "Unknown column" + suggestion(lower)
                        + ". The columns of " + kind.fileName() + " are: " + kind.headerLine() + "."));
                usable = false;
            } else if (positions[index] >= 0) {
                problems.add(ImportError.ofCell(file, line, columns.get(index).name(), name,
                        "This column appears twice in the header (columns " + (positions[index] + 1) + " and "
                                + (field + 1) + ")."));
                usable = false;
            } else {
                positions[index] = field;
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (positions[i] < 0 && columns.get(i).required()) {
                problems.add(new ImportError(file, line, columns.get(i).name(), null,
                        "Required column is missing from the header."));
                usable = false;
            }
        }
        return usable ? positions : null;
    }

    /** Whether every cell of {@code record} is empty once trimmed. */
    private static boolean blank(CsvRecord record) {
        for (int i = 0; i < record.getFieldCount(); i++) { // most rows: stops at the first cell
            if (!Text.trimmed(record.getField(i)).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private void readRow(CsvRecord record, int headerFields, int[] positions, RowSink sink) throws IOException {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != headerFields) {
            problems.add(new ImportError(file, line, null, null, "This row has " + record.getFieldCount()
                    + (record.getFieldCount() == 1 ? " field" : " fields") + " but the header has " + headerFields
                    + ". Check for a missing or extra comma, or an unquoted comma inside a value."));
            if (kind == ImportKind.ACCOUNTS) {
                rememberAccount(record, positions);
            }
            stageInvalid(record, line, positions, null, sink);
            return;
        }
        List<Column> columns = kind.columns();
        String[] values = new String[columns.size()];
        boolean valid = true;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String cell = positions[i] < 0 ? "" : Text.trimmed(record.getField(positions[i]));
            try {
                if (quoteAfterSpace.marks(line, positions[i])) {
                    throw new InvalidValue("has a space before its opening quote, so the quotes would be kept as"
                            + " part of the value: remove the space");
                }
                values[i] = read(column, cell);
            } catch (InvalidValue e) {
                problems.add(ImportError.ofCell(file, line, column.name(), cell,
                        cell.isEmpty() ? "A value is required here."
                                : "'" + ImportError.echo(cell) + "' " + e.getMessage() + "."));
                valid = false;
            }
        }
        if (kind == ImportKind.ACCOUNTS) {
            rememberAccount(record, positions);
        } else if (accounts != null && values[accountColumn] != null && !accounts.contains(values[accountColumn])) {
            // checked whatever the other cells hold (a bad one leaves its value null), as the rules below: every
            // problem of the row in one answer
            String id = values[accountColumn];
            problems.add(ImportError.ofCell(file, line, "account_id", id, "'" + ImportError.echo(id)
                    + "' is not a known account: it is neither in accounts.csv of this import"
                    + " nor among your accounts."));
            valid = false;
        }
        for (CellProblem p : kind.checkRow(values)) { // a rule between cells skips a cell that was refused
            Column column = columns.get(p.index());
            String cell = Text.trimmed(record.getField(positions[p.index()]));
            problems.add(ImportError.ofCell(file, line, column.name(), cell,
                    "'" + ImportError.echo(cell) + "' " + p.message() + "."));
            valid = false;
        }
        if (valid) {
            sink.accept(line, values);
        } else {
            stageInvalid(record, line, positions, values, sink);
        }
    }

    private String read(Column column, String cell) {
        if (cell.indexOf(UNDECODABLE) >= 0) {
            throw new InvalidValue("contains bytes that are not UTF-8 text (save the file as UTF-8)");
        }
        if (cell.indexOf('\0') >= 0) {
            throw new InvalidValue("contains a NUL byte (is this a binary file?)");
        }
        String value = column.read(cell);
        if (value != null && column.dated()) {
            dates.check(value, column.ahead(), cell.strip());
        }
        return value;
    }

    private void rememberAccount(CsvRecord record, int[] positions) {
        String id = accountId(record, positions);
        if (id != null) {
            accounts.add(id);
        }
    }

    /**
     * Hands a failed row's key to {@code sink} ({@link RowSink#acceptInvalid}): an account's id whenever it could
     * be one; another kind's key cells when each was read ({@code values}, null when the row was not split into
     * its columns).
     */
    private void stageInvalid(CsvRecord record, long line, int[] positions, String[] values, RowSink sink)
            throws IOException {
        String[] cells = values;
        if (kind == ImportKind.ACCOUNTS) { // its id whenever it could be one, whatever its other cells held
            cells = new String[kind.columns().size()];
            cells[0] = accountId(record, positions);
        }
        String[] key = cells == null ? null : kind.keyCells(cells);
        if (key != null) {
            sink.acceptInvalid(line, key);
        }
    }

    /**
     * The row's account id when it could be one, even in a row that failed: not empty, at most 128
     * characters and free of U+0000 (which COPY, and so the staging table, cannot take); else null.
     */
    private static String accountId(CsvRecord record, int[] positions) {
        if (positions[0] < 0 || positions[0] >= record.getFieldCount()) {
            return null;
        }
        String id = Text.trimmed(record.getField(positions[0]));
        return id.isEmpty() || ValueType.characters(id) > 128 || id.indexOf('\0') >= 0 ? null : id;
    }

    /**
     * FastCSV wraps whatever the stream under it throws as a parse error of the record it was reading. What is
     * not its own is no problem of the file: the size limit ({@link ImportTooLargeException}, 413) or a failure
     * of ours (a database call while the file streams in, say, or an {@link Error}), which must end the import
     * as ours, not as a "line that could not be read".
     */
    private static void rethrowOurs(CsvParseException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RuntimeException ours && !(cause instanceof CsvParseException)) {
                throw ours;
            }
            if (cause instanceof Error error) { // out of memory, say: ours, never the file's
                throw error;
            }
        }
    }

    /**
     * The text after its byte-order mark, if it starts with one (docs/imports.md: accepted and ignored).
     * Removed before FastCSV reads the text, so that a quote right after the mark opens a quoted field.
     */
    private static Reader withoutBom(Reader text) throws IOException {
        PushbackReader reader = new PushbackReader(text, 1);
        int first = reader.read();
        if (first >= 0 && first != BOM) {
            reader.unread(first);
        }
        return reader;
    }

    private String suggestion(String lower) {
        String best = null;
        int bestDistance = 3;
        for (Column column : kind.columns()) {
            int distance = distance(lower, column.name());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = column.name();
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance, for "did you mean" hints on misspelt column names. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /**
     * The line where the record that could not be parsed starts. FastCSV 4 gives it only in its
     * messages ("… (record starting at line 6)", "… record that started in line 6"); a multi-line
     * quoted cell or blank lines before the record put it further than the line after the last good one.
     */
    private static long failingLine(CsvParseException e, long lastGoodLine) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            Matcher line = cause.getMessage() == null ? null : RECORD_LINE.matcher(cause.getMessage());
            if (line != null && line.find()) {
                return Long.parseLong(line.group(1));
            }
        }
        return lastGoodLine + 1;
    }
}
