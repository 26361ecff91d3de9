package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming reader on its own: header rules, physical line numbers, staged values. */
class CsvImportReaderTest {

    private final List<String[]> accepted = new ArrayList<>();
    private final List<Long> acceptedLines = new ArrayList<>();
    private final List<String> invalidAccounts = new ArrayList<>();
    private final ImportProblems problems = new ImportProblems(1000);
    private final Set<String> accounts = new HashSet<>(Set.of("ACC-1"));

    private final RowSink sink = new RowSink() {
        @Override
        public void accept(long line, String[] values) {
            acceptedLines.add(line);
            accepted.add(values);
        }

        @Override
        public void acceptInvalid(long line, String[] keyValues) {
            invalidAccounts.add(java.util.Arrays.stream(keyValues).filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.joining("|")));
        }
    };

    /** The day these reads happen on: dates up to 2026-11-30 are accepted, renewals up to 2036-11-30. */
    static final LocalDate TODAY = LocalDate.of(2026, 11, 17);

    private long read(ImportKind kind, String csv) throws IOException {
        return read(kind, csv.getBytes(StandardCharsets.UTF_8));
    }

    private long read(ImportKind kind, byte[] csv) throws IOException {
        return new CsvImportReader(kind.fileName(), kind, problems, accounts, DateBounds.on(TODAY))
                .read(new ByteArrayInputStream(csv), sink);
    }

    /** {@code text} as UTF-8 after a byte-order mark, as Excel saves "CSV UTF-8". */
    private static byte[] withBom(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bytes.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(bytes, 0, all, 3, bytes.length);
        return all;
    }

    @ParameterizedTest(name = "{0}.{1} = {2}")
    @CsvSource({
        "ACCOUNTS, customer_since, 0000-01-01, false",
        "ACCOUNTS, customer_since, 1899-12-31, false",
        "ACCOUNTS, customer_since, 1900-01-01, true",
        "ACCOUNTS, customer_since, 2026-11-30, true",
        "ACCOUNTS, customer_since, 2026-12-01, false",
        "ACCOUNTS, customer_since, 2999-01-01, false",
        "ACCOUNTS, renewal_date, 2036-11-30, true",
        "ACCOUNTS, renewal_date, 2036-12-01, false",
        "ACCOUNTS, first_value_date, 2027-01-01, false",
        "MRR, month, 0000-01, false",
        "MRR, month, 2026-11, true",
        "MRR, month, 2099-01, false",
        "TICKETS, opened_at, 0000-01-01T00:00:00Z, false",
        "TICKETS, opened_at, 2026-11-30T23:59:59Z, true",
        "TICKETS, opened_at, 2026-11-30T23:30:00-05:00, false",
        "TICKETS, opened_at, 2026-12-01, false",
        "OPPORTUNITIES, close_date, 2035-06-30, true",
        "ACTIVITIES, occurred_at, 2027-03-01, false",
    })
    void datesLieBetween1900AndTheEndOfTheMonthAndRenewalsUpToTenYearsAhead(ImportKind kind, String column,
            String value, boolean accepted) throws IOException {
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (Column c : kind.columns()) {
            header.append(header.isEmpty() ? "" : ",").append(c.name());
            row.append(row.isEmpty() ? "" : ",").append(c.name().equals(column) ? value : sample(kind, c));
        }
        read(kind, header + "\n" + row + "\n");
        if (accepted) {
            assertEquals(List.of(), problems.report(), value);
        } else {
            List<ImportError> errors = problems.report();
            assertEquals(1, errors.size(), value);
            ImportError error = errors.get(0);
            assertEquals(2L, error.line());
            assertEquals(column, error.column());
            assertTrue(error.message().contains("outside the dates accepted here"), error.message());
            if (value.equals("2026-11-30T23:30:00-05:00")) {
                // written on the 30th, refused for its UTC date: the message says which day was held to the bounds
                assertTrue(error.message().startsWith("'2026-11-30T23:30:00-05:00' is 2026-12-01 in UTC, outside the"
                        + " dates accepted here: from 1900-01-01 to 2026-11-30"), error.message());
            }
        }
    }

    /** A valid cell for every column of the date tests; optional ones are left empty. */
    private static String sample(ImportKind kind, Column column) {
        if (!column.required()) {
            return "";
        }
        if (column.choices() != null) {
            return column.choices().canonical().get(0);
        }
        return switch (column.type()) {
            case ID, ACCOUNT_ID -> "ACC-1";
            case TEXT, FEATURE, SEGMENT -> "x";
            case EMAIL -> "cam@acme.example";
            case DATE -> "2026-01-15";
            case MONTH -> "2026-01";
            case TIMESTAMP -> "2026-01-15T10:00:00Z";
            case MONEY -> "10.00";
            case COUNT, INTEGER -> "1";
            case BOOLEAN -> "true";
        };
    }

    /** docs/imports.md: spaces, tabs and controls around a value are trimmed, quoted or not; a no-break space isn't. */
    @Test
    void spacesAroundValuesAreTrimmedAsTheImportGuideSays() throws IOException {
        assertEquals(5, read(ImportKind.ACCOUNTS, "account_id , name\u00a0,segment\ufeff,customer_since\n"
                + " ACC-7 ,\" Seven Ltd \",\t SMB\t, 2026-01-05 \n"
                + "ACC-8,Eight,   ,2026-01-05\n"
                + "ACC-9,Nine,\u00a0SMB,2026-01-05\n"
                + "ACC-10,Ten\u0085,SMB\u007f,2026-01-05\n"
                + "ACC-11\u3000,Eleven,\u3000,2026-01-05\n"));
        assertEquals(List.of(), problems.report(), "a no-break space or a byte-order mark after a header name goes");
        assertArrayEquals(new String[] {"ACC-7", "Seven Ltd", "SMB"}, java.util.Arrays.copyOf(accepted.get(0), 3));
        assertEquals("Unsegmented", accepted.get(1)[2], "a cell of spaces only is empty");
        assertEquals("\u00a0SMB", accepted.get(2)[2], "a non-breaking space is kept");
        assertArrayEquals(new String[] {"ACC-10", "Ten", "SMB"}, java.util.Arrays.copyOf(accepted.get(3), 3),
                "DEL and C1 controls are control characters too");
        assertArrayEquals(new String[] {"ACC-11", "Eleven", "Unsegmented"}, java.util.Arrays.copyOf(accepted.get(4), 3),
                "an ideographic space (U+3000) is a space: a cell of it alone is empty");
    }

    /**
     * A quote opens a quoted value only as a cell's first character: after a space it would be text, and
     * the value would keep its quotes. Refused where it is, saying so; quotes doubled inside a quoted value are text.
     */
    @Test
    void aSpaceBeforeAnOpeningQuoteIsRefusedNotKeptAsQuotes() throws IOException {
        assertEquals(4, read(ImportKind.ACCOUNTS, "account_id,name,segment,customer_since\n"
                + "ACC-7, \"Acme\",SMB,2025-01-01\n"
                + "\"ACC-8\",\"\"\"Eight\"\" Ltd\",SMB,2025-01-01\n"
                + "ACC-9,\" \"\"Nine\"\" Ltd\",SMB,2025-01-01\n"
                + "ACC-10,\u3000\"Ten\",SMB,2025-01-01\n"));
        List<ImportError> errors = problems.report();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(5L, errors.get(1).line(), "an ideographic space before a quote is a space before it too");
        assertEquals(2L, errors.get(0).line());
        assertEquals("name", errors.get(0).column());
        assertTrue(errors.get(0).message().contains("has a space before its opening quote"), errors.get(0).message());
        assertEquals(List.of(3L, 4L), acceptedLines);
        assertEquals("\"Eight\" Ltd", accepted.get(0)[1]);
        assertEquals("\"Nine\" Ltd", accepted.get(1)[1], "quoted, a space then a doubled quote: rightly text");
    }

    /**
     * A name or segment of invisible characters alone would show as empty, a segment that looks like "Enterprise"
     * is another one (a no-break space inside it is the tenant's to write), and an e-mail address with an invisible
     * character never matches its CSM's sign-in: refused where they are, naming the character.
     */
    @Test
    void namesAndSegmentsThatLookEmptyAndAddressesHoldingInvisibleCharactersAreRefused() throws IOException {
        assertEquals(5, read(ImportKind.ACCOUNTS, "account_id,name,segment,csm_email,customer_since\n"
                + "ACC-7,\u200b,SMB,,2025-01-01\n"
                + "ACC-8,Eight,\u200e \u00a0,,2025-01-01\n"
                + "ACC-9,Nine,Enterprise,cam@acme.example\u00a0,2025-01-01\n"
                + "ACC-10,Ten,Enterprise,cam@acme.example\u200b,2025-01-01\n"
                + "ACC-11,Eleven Ltd\u200b,Mid\u00a0Market,Cam@Acme.example,2025-01-01\n"));
        List<ImportError> errors = problems.report();
        assertEquals(List.of("2 name", "3 segment", "4 csm_email", "5 csm_email"),
                errors.stream().map(e -> e.line() + " " + e.column()).toList(), errors.toString());
        assertEquals("'\u200b' holds only characters that show as nothing or as a plain space (the first is U+200B"
                + " ZERO WIDTH SPACE): it would look empty; leave the cell empty instead.", errors.get(0).message());
        assertTrue(errors.get(2).message().startsWith("'cam@acme.example\u00a0' holds U+00A0 NO-BREAK SPACE as its"
                + " character 17, which shows as nothing or as a plain space: no e-mail address holds one"),
                errors.get(2).message());
        assertEquals(List.of(6L), acceptedLines, "visible text around an invisible character is the tenant's own");
        assertEquals("Mid\u00a0Market", accepted.get(0)[2]);
        assertEquals("cam@acme.example", accepted.get(0)[5], "in lower case");
    }

    /** A usage feature of a no-break or zero-width space alone would be a feature whose name shows as nothing. */
    @Test
    void aFeatureThatLooksEmptyIsRefused() throws IOException {
        assertEquals(3, read(ImportKind.USAGE, "account_id,user_id,date,feature,events\n"
                + "ACC-1,u1,2026-11-02,\u00a0,3\n"
                + "ACC-1,u1,2026-11-02,\u200b,3\n"
                + "ACC-1,u1,2026-11-02,report\u00a0builder,3\n"));
        List<ImportError> errors = problems.report();
        assertEquals(List.of("2 feature", "3 feature"), errors.stream().map(e -> e.line() + " " + e.column()).toList(),
                errors.toString());
        assertEquals("'\u00a0' holds only characters that show as nothing or as a plain space (the first is U+00A0"
                + " NO-BREAK SPACE): it would look empty; leave the cell empty instead.", errors.get(0).message());
        assertEquals(List.of(4L), acceptedLines);
    }

    /** A row is held whole in memory: it is bounded as a field is, by its characters (and by its fields, below). */
    @Test
    void aRowOfLongFieldsLongerThanOneMegabyteIsRefused() throws IOException {
        String cell = "x".repeat(600_000);
        assertEquals(-1, read(ImportKind.MRR, "account_id,month,mrr\nACC-1,2026-03,1\n" + cell + "," + cell + ",1\n"));
        ImportError error = problems.report().get(0);
        assertEquals(3L, error.line());
        assertTrue(error.message().contains("a row is longer than 1 MB"), error.message());
    }

    @Test
    void aRowOfThousandsOfFieldsIsRefused() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, "account_id,month,mrr\n" + ",".repeat(2000) + "\n"));
        assertTrue(problems.report().get(0).message().contains("a row has more than 1024 fields"),
                problems.report().get(0).message());
        assertEquals(2L, problems.report().get(0).line());
    }

    /** A row of empty cells only (spreadsheets write them after the data) is an empty line, not a row to check. */
    @Test
    void aRowOfEmptyCellsIsSkippedLikeAnEmptyLine() throws IOException {
        assertEquals(1, read(ImportKind.MRR, "account_id,month,mrr\nACC-1,2026-03,10\n,,\n , ,\t\n"));
        assertEquals(List.of(2L), acceptedLines);
        assertTrue(problems.report().isEmpty(), problems.report().toString());
        assertEquals(0, read(ImportKind.MRR, "account_id,month,mrr\n,,\n"));
        assertEquals(CsvImportReader.NO_ROWS, problems.report().get(0).message());
    }

    /** A check across a row's cells echoes the cell as every other check does: its first 120 characters. */
    @Test
    void aCheckAcrossCellsEchoesALongCellShortened() throws IOException {
        read(ImportKind.SURVEYS, "response_id,account_id,responded_at,type,score,comment\n"
                + "R-1,ACC-1,2026-03-01,NPS," + "0".repeat(5000) + "11,\n");
        String message = problems.report().get(0).message();
        assertTrue(message.length() < 300, message.length() + " characters");
        assertEquals("score", problems.report().get(0).column());
    }

    @Test
    void stagesTypedValuesInColumnOrderWithDefaultsForAbsentCells() throws IOException {
        assertEquals(1, read(ImportKind.USAGE, "EVENTS,Date,account_id,user_id\n7,2026-03-01,ACC-1,u1\n"));
        assertArrayEquals(new String[] { "ACC-1", "u1", "2026-03-01", "(none)", "7" }, accepted.get(0));
        assertEquals(true, problems.isEmpty());
    }

    @Test
    void lineNumbersArePhysicalLinesEvenAfterQuotedNewlines() throws IOException {
        read(ImportKind.SURVEYS, "response_id,account_id,responded_at,type,score,comment\n"
                + "R-1,ACC-1,2026-03-01,NPS,9,\"first line\nsecond line\"\n"
                + "R-2,ACC-1,2026-03-01,NPS,12,\n");
        assertEquals(List.of(2L), acceptedLines);
        ImportError error = problems.report().get(0);
        assertEquals(4L, error.line());
        assertEquals("score", error.column());
    }

    @Test
    void rejectedAccountRowsStillStageTheirIdSoOtherFilesDoNotReportThemAgain() throws IOException {
        read(ImportKind.ACCOUNTS, "account_id,name,customer_since\nACC-1,One,2026-13-01\n");
        assertEquals(List.of("ACC-1"), invalidAccounts);
        assertEquals(List.of(), accepted);
    }

    /** Both checks across a ticket's cells are reported, not only the first that fails. */
    @Test
    void aTicketAnsweredAndResolvedBeforeItOpenedHasBothReported() throws IOException {
        read(ImportKind.TICKETS, "ticket_id,account_id,opened_at,first_response_at,resolved_at\n"
                + "T-1,ACC-1,2026-03-02T10:00:00Z,2026-03-01T10:00:00Z,2026-03-01T12:00:00Z\n");
        List<ImportError> errors = problems.report();
        assertEquals(List.of("first_response_at", "resolved_at"), errors.stream().map(ImportError::column).toList());
        assertEquals(List.of(2L, 2L), errors.stream().map(ImportError::line).toList());
        assertEquals(List.of(), accepted);
    }

    @Test
    void everyProblemOfARowIsReported() throws IOException {
        read(ImportKind.MRR, "account_id,month,mrr\n,2026-13,-1\n");
        List<ImportError> errors = problems.report();
        assertEquals(List.of("account_id", "month", "mrr"), errors.stream().map(ImportError::column).toList());
    }

    @Test
    void misspeltColumnGetsASuggestion() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, "acount_id,month,mrr\nACC-1,2026-03,1\n"));
        assertEquals("Unknown column (did you mean 'account_id'?). The columns of mrr.csv are: account_id,month,mrr.",
                problems.report().get(0).message());
    }

    @Test
    void headerProblemsAreOnTheHeadersLineAfterBlankLines() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, "\n\nacount_id,month,mrr\nACC-1,2026-03,1\n"));
        assertEquals(List.of(3L, 3L), problems.report().stream().map(ImportError::line).toList());
        assertEquals(List.of("acount_id", "account_id"), problems.report().stream().map(ImportError::column).toList());
    }

    /** Excel writes a sheet whose first row is empty as a line of commas: the header is the line below it. */
    @Test
    void linesOfCommasOrSpacesAboveTheHeaderAreBlankLines() throws IOException {
        assertEquals(1, read(ImportKind.MRR, ",,,\n  \naccount_id,month,mrr\nACC-1,2026-03,10\n"));
        assertTrue(problems.report().isEmpty(), problems.report().toString());
        assertEquals(List.of(4L), acceptedLines);
        assertEquals(-1, read(ImportKind.MRR, ",,\n,\n"));
        assertTrue(problems.report().get(0).message().startsWith("The file is empty"),
                problems.report().get(0).message());
    }

    @Test
    void aHeaderWithoutRowsIsReportedOnTheLineAfterIt() throws IOException {
        read(ImportKind.MRR, "\naccount_id,month,mrr\n");
        assertEquals(3L, problems.report().get(0).line());
        assertEquals("The file has a header but no data rows.", problems.report().get(0).message());
    }

    @Test
    void aLongValueIsEchoedAsItsFirst120CharactersNeverHalfOfOne() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String echoed = ImportError.echo("a" + emoji.repeat(130));
        assertEquals("a" + emoji.repeat(119) + "…", echoed);
        assertEquals(121, echoed.codePointCount(0, echoed.length()));
        assertEquals("x".repeat(120), ImportError.echo("x".repeat(120)));
    }

    @Test
    void unknownAccountsAreReportedWhereTheyAppearAndAccountsFilesAddTheirIds() throws IOException {
        read(ImportKind.ACCOUNTS, "account_id,name,customer_since\nACC-2,Two,2026-01-01\nACC-3,Three,not-a-date\n");
        read(ImportKind.MRR, "account_id,month,mrr\nACC-2,2026-03,1\nACC-3,2026-03,1\nACC-4,2026-03,1\n");
        List<ImportError> errors = problems.report();
        assertEquals(2, errors.size(), errors.toString());
        assertEquals("customer_since", errors.get(0).column());
        assertEquals(4L, errors.get(1).line());
        assertEquals("account_id", errors.get(1).column());
    }

    /** data.md: UTF-8 with a leading BOM is accepted, and RFC 4180 quoting applies to the header too. */
    @Test
    void aByteOrderMarkBeforeAQuotedHeaderIsIgnored() throws IOException {
        assertEquals(1, read(ImportKind.MRR, withBom("\"account_id\",\"month\",\"mrr\"\nACC-1,2026-03,10\n")));
        assertEquals(List.of(), problems.report());
        assertArrayEquals(new String[] {"ACC-1", "2026-03-01", "10"}, accepted.get(0));
    }

    @Test
    void aFileHoldingOnlyAByteOrderMarkIsEmpty() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, withBom("")));
        List<ImportError> errors = problems.report();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().startsWith("The file is empty"), errors.get(0).message());
    }

    /** Lengths are counted in characters, as PostgreSQL counts them, not in UTF-16 units. */
    @Test
    void anIdOfCharactersOutsideTheBasicPlaneCountsEachCharacterOnce() throws IOException {
        String id = "\uD83D\uDE42".repeat(100);
        read(ImportKind.ACCOUNTS, "account_id,name,customer_since\n" + id + ",Smiles,2026-01-05\n");
        read(ImportKind.MRR, "account_id,month,mrr\n" + id + ",2026-03,1\n");
        assertEquals(List.of(), problems.report());
        assertEquals(2, accepted.size());
    }

    /** The e-mail is stored in lower case, which can be longer than the cell: the stored value is checked. */
    @Test
    void anEmailLongerThanItsColumnOnceLowerCasedIsRefusedWithItsLineAndColumn() throws IOException {
        read(ImportKind.ACCOUNTS, "account_id,name,customer_since,csm_email\n"
                + "ACC-2,Two,2026-01-05," + "\u0130".repeat(300) + "@x.example\n");
        List<ImportError> errors = problems.report();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(2L, errors.get(0).line());
        assertEquals("csm_email", errors.get(0).column());
        assertTrue(errors.get(0).message().contains("at most 512"), errors.get(0).message());
    }

    /** A record that cannot be parsed is reported on the line where it starts, not after the last good one. */
    @Test
    void aCsvErrorIsReportedOnTheLineWhereItsRecordStarts() throws IOException {
        read(ImportKind.SURVEYS, "response_id,account_id,responded_at,type,score,comment\n"
                + "R-1,ACC-1,2026-03-01,NPS,9,\"first line\nsecond line\"\n"
                + "\n"
                + "\n"
                + "R-2,ACC-1,2026-03-01,NPS,9,\"never closed\n"
                + "R-3,ACC-1,2026-03-01,NPS,9,\n");
        List<ImportError> errors = problems.report();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(6L, errors.get(0).line());
        assertTrue(errors.get(0).message().contains("could not be read as CSV"), errors.get(0).message());
    }

    @Test
    void aCsvErrorAfterBlankLinesAtTheTopIsOnTheLineOfItsRecord() throws IOException {
        read(ImportKind.MRR, "\n\n\"account_id,month,mrr\n");
        assertEquals(3L, problems.report().get(0).line());
    }

    /** docs/imports.md: "a cell holding U+0000 is refused", also where trimming would have removed it. */
    @Test
    void aNulCharacterAtTheEdgeOfACellIsRefusedNotTrimmedAway() throws IOException {
        read(ImportKind.ACCOUNTS, "account_id,name,customer_since\n"
                + "ACC-2,Two\u0000,2026-01-05\n"
                + "\u0000ACC-3,Three,2026-01-05\n"
                + "ACC-4\u0000x,Four,2026-01-05\n");
        List<ImportError> errors = problems.report();
        assertEquals(List.of(2L, 3L, 4L), errors.stream().map(ImportError::line).toList(), errors.toString());
        assertEquals(List.of("name", "account_id", "account_id"), errors.stream().map(ImportError::column).toList());
        assertEquals("Two\\0", errors.get(0).value());
        assertTrue(errors.get(0).message().contains("NUL"), errors.get(0).message());
        assertEquals(List.of(), accepted);
        assertEquals(List.of("ACC-2"), invalidAccounts, "an id holding U+0000 cannot be staged (COPY refuses it)");
    }

    /**
     * Bytes that are not UTF-8 (é saved as Windows-1252) are refused, shown as �; a real U+FFFD, which exports carry
     * where a system once lost a character, is text and kept.
     */
    @Test
    void bytesThatAreNotUtf8AreRefusedButARealReplacementCharacterIsText() throws IOException {
        byte[] latin = "account_id,name,customer_since\nACC-2,Caf\u00e9 Two,2026-01-05\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        read(ImportKind.ACCOUNTS, latin);
        List<ImportError> errors = problems.report();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("name", errors.get(0).column());
        assertEquals("Caf\uFFFD Two", errors.get(0).value());
        assertEquals("'Caf\uFFFD Two' contains bytes that are not UTF-8 text (save the file as UTF-8).",
                errors.get(0).message());

        read(ImportKind.ACCOUNTS, "account_id,name,customer_since\nACC-3,Caf\uFFFD Three,2026-01-05\n");
        assertEquals(1, problems.report().size(), problems.report().toString());
        assertEquals(1, accepted.size());
        assertEquals("Caf\uFFFD Three", accepted.get(0)[1]);
    }

    @Test
    void aNulCharacterAtTheEdgeOfAHeaderNameIsRefused() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, "account_id,month,mrr\u0000\nACC-1,2026-03,1\n"));
        assertTrue(problems.report().get(0).message().contains("not readable text"));
    }

    /** A failure of ours while the file streams in ends the read as ours: it is not a line of the file to fix. */
    @Test
    void aFailureOfOursWhileReadingIsNotAProblemOfTheFile() {
        IllegalStateException ours = new IllegalStateException("the database is gone");
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(
                "account_id,month,mrr\nACC-1,2026-03,1\nACC-1,2026-04,".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() {
                        throw ours;
                    }
                });
        CsvImportReader reader = new CsvImportReader("mrr.csv", ImportKind.MRR, problems, accounts,
                DateBounds.on(TODAY));
        assertSame(ours, assertThrows(IllegalStateException.class, () -> reader.read(in, sink)));
        assertEquals(List.of(), problems.report());
    }

    /** FastCSV's field limit names its line with a capital R ("Record starting at line 5 …"): that line is kept. */
    @Test
    void aRowOfTooManyFieldsIsNamedByItsOwnLine() throws IOException {
        assertEquals(-1, read(ImportKind.MRR, "account_id,month,mrr\nACC-1,2026-01,1\n\n\n"
                + ",".repeat(20_000) + "\n"));
        assertEquals(1, problems.report().size(), problems.report().toString());
        assertEquals(5L, problems.report().get(0).line(), problems.report().toString());
    }

    /** A file whose content stops being readable (a damaged zip entry) is a problem of the file, not an error. */
    @Test
    void contentThatCannotBeReadIsAProblemOfTheFile() throws IOException {
        ImportError damaged = ImportError.ofFile("all.zip/mrr.csv", "This is not a readable .zip archive.");
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(
                "account_id,month,mrr\nACC-1,2026-03,1\n".getBytes(StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new ImportFile.Unreadable(damaged, null);
                    }
                });
        assertEquals(-1, new CsvImportReader("mrr.csv", ImportKind.MRR, problems, accounts, DateBounds.on(TODAY))
                .read(in, sink));
        assertEquals(List.of(damaged), problems.report());
    }

    /**
     * A body streamed into the API that stops arriving (the client went away) is the file's problem, said as such:
     * the import is rejected, not recorded as failed on our side.
     */
    @Test
    void aStreamedBodyThatStopsArrivingIsTheUploadsProblem() throws IOException {
        byte[] start = "account_id,month,mrr\nACC-1,2025-01,100\n".getBytes(StandardCharsets.UTF_8);
        java.io.InputStream stops = new java.io.SequenceInputStream(new ByteArrayInputStream(start),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Connection was closed");
                    }
                });
        ImportFile file = Uploads.ofBody(ImportKind.MRR, () -> stops, -1, 1 << 20).files().get(0);
        long rows = new CsvImportReader(file.name(), ImportKind.MRR, problems, accounts, DateBounds.on(TODAY))
                .read(file.data().open(), sink);
        assertEquals(-1, rows);
        assertEquals(List.of("mrr.csv: " + ClientBody.STOPPED), problems.report().stream()
                .map(p -> p.file() + ": " + p.message()).toList());
    }
}
