package dev.bellwether.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.bellwether.ingest.ValueType.InvalidValue;

/** docs/imports.md's value rules, cell by cell: what is accepted (and how it is stored) and what is refused. */
class ValueTypeTest {

    @ParameterizedTest(name = "{0} ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            "DATE      | 2026-03-01                | 2026-03-01",
            "DATE      | 2024-02-29                | 2024-02-29",
            "MONTH     | 2026-03                   | 2026-03-01",
            "TIMESTAMP | 2026-03-01T14:05:00Z      | 2026-03-01T14:05:00.000000Z",
            "TIMESTAMP | 2024-02-29T23:59:59Z      | 2024-02-29T23:59:59.000000Z",
            "TIMESTAMP | 2026-03-01T14:05:00.5Z    | 2026-03-01T14:05:00.500000Z",
            "TIMESTAMP | 2026-03-01                | 2026-03-01T00:00:00.000000Z",
            "TIMESTAMP | 2026-03-01T14:05:00+02:00 | 2026-03-01T12:05:00.000000Z",
            "TIMESTAMP | 2026-03-01T14:05          | 2026-03-01T14:05:00.000000Z",
            "TIMESTAMP | 2026-03-01T23:30:00-01:00 | 2026-03-02T00:30:00.000000Z",
            // as exports write them too: a space for the T, an offset without its colon or its minutes
            "TIMESTAMP | 2026-03-01 14:05:00       | 2026-03-01T14:05:00.000000Z",
            "TIMESTAMP | 2026-03-01 14:05:00Z      | 2026-03-01T14:05:00.000000Z",
            "TIMESTAMP | 2026-03-01T14:05:00.000+0000 | 2026-03-01T14:05:00.000000Z",
            "TIMESTAMP | 2026-03-01T14:05:00+0530  | 2026-03-01T08:35:00.000000Z",
            "TIMESTAMP | 2026-03-01T14:05-05       | 2026-03-01T19:05:00.000000Z",
            "TIMESTAMP | 2026-03-01 23:30:00-01    | 2026-03-02T00:30:00.000000Z",
            "MONEY     | 1234.50                   | 1234.50",
            "MONEY     | 0                         | 0",
            "MONEY     | 17456.62                  | 17456.62",
            "MONEY     | 12345678901234.5678       | 12345678901234.5678",
            "MONEY     | 000000000000001234.5      | 1234.5",
            "MONEY     | 1234.500000               | 1234.5",
            "MONEY     | 1200.00000                | 1200",
            "MONEY     | 0.0000000                 | 0",
            "MONTH     | 0999-12                   | 0999-12-01",
            "COUNT     | 0                         | 0",
            "COUNT     | 42                        | 42",
            "COUNT     | 007                       | 007",
            "COUNT     | 00000000005               | 00000000005",
            "COUNT     | 0000000002147483647       | 0000000002147483647",
            "MONEY     | 0000000000000000000000000000000012.5 | 12.5",
            "MONEY     | 1.000000000000000000000000000000000 | 1",
            "MONEY     | 100.000000                | 100",
            "MONEY     | 7.50                      | 7.50",
            // more places are kept to 4, half up: only the fifth decides
            "MONEY     | 833.3333333               | 833.3333",
            "MONEY     | 1.23456                   | 1.2346",
            "MONEY     | 1.234560                  | 1.2346",
            "MONEY     | 1.23449999                | 1.2345",
            "MONEY     | 0.99995                   | 1",
            "MONEY     | 0.000049999               | 0",
            "MONEY     | 0.000050000               | 0.0001",
            "MONEY     | 0.000000000000000000000000000000001 | 0",
            "MONEY     | 99999999999999.99994      | 99999999999999.9999",
            "MONEY     | 1234.500000               | 1234.5",
            "INTEGER   | -3                        | -3",
            "BOOLEAN   | TRUE                      | true",
            "BOOLEAN   | False                     | false",
            "EMAIL     | Cam@Acme.Example          | cam@acme.example",
            "ACCOUNT_ID | ...                      | ...",
            "ACCOUNT_ID | .acme                    | .acme",
            "ID        | .                         | ." })
    void accepts(ValueType type, String cell, String stored) {
        assertEquals(stored, type.parse(cell));
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "DATE      | 2026-02-29          | not a real calendar date",
            "DATE      | 2026-3-1            | expected YYYY-MM-DD",
            "DATE      | 01/03/2026          | expected YYYY-MM-DD",
            "MONTH     | 2026-00             | not a real month",
            "MONTH     | March 2026          | expected YYYY-MM",
            "TIMESTAMP | 2026-03-01  14:05:00 | expected ISO-8601",
            "TIMESTAMP | 2026-03-01T14:05:00+5   | expected ISO-8601",
            "TIMESTAMP | 2026-03-01T14:05:00+05:3 | expected ISO-8601",
            "TIMESTAMP | 2026-03-01T14:05:00+19:00 | not a real point in time",
            "TIMESTAMP | 2026-03-01T24:01:00Z | not a real point in time",
            "TIMESTAMP | 2026-02-30T10:00:00Z | not a real point in time",
            "TIMESTAMP | 2025-02-29T10:00:00Z | not a real point in time",
            "TIMESTAMP | 2026-03-01T10:60:00Z | not a real point in time",
            "TIMESTAMP | 2026-13-01T10:00:00Z | not a real point in time",
            "TIMESTAMP | 2026-03-01T1a:00:00Z | expected ISO-8601",
            "MONEY     | -0.01               | negative",
            "MONEY     | 1,234.50            | plain decimal",
            "MONEY     | €12                 | plain decimal",
            "COUNT     | -1                  | must be 0 or more",
            "COUNT     | 1.5                 | not a whole number",
            "MONEY     | 123456789012345     | too large",
            "MONEY     | 99999999999999.99995 | too large",
            "MONEY     | 1234567890123456789012345678901 | too large",
            "MONEY     | 1.                  | plain decimal",
            "MONEY     | .5                  | plain decimal",
            "MONEY     | +5                  | plain decimal",
            "MONEY     | -0                  | sign",
            "MONEY     | -0.00               | sign",
            "COUNT     | -0                  | sign",
            "COUNT     | +0                  | not a whole number",
            "COUNT     | 00002147483648      | too large",
            "MONTH     | 2026-13             | not a real month",
            "MONTH     | 2026-1a             | expected YYYY-MM",
            "COUNT     | 99999999999         | too large",
            "BOOLEAN   | yes                 | not true or false",
            "ACCOUNT_ID | .                  | is only dots",
            "ACCOUNT_ID | ..                 | is only dots" })
    void refuses(ValueType type, String cell, String reason) {
        InvalidValue e = assertThrows(InvalidValue.class, () -> type.parse(cell));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    /** An id that shows like another one is refused, naming the character and where it is. */
    @ParameterizedTest
    @CsvSource({ "200B, ZERO WIDTH SPACE", "FEFF, ZERO WIDTH NO-BREAK SPACE", "00AD, SOFT HYPHEN",
        "202E, RIGHT-TO-LEFT OVERRIDE", "0085, NEXT LINE (NEL)", "0009, CHARACTER TABULATION",
        "00A0, NO-BREAK SPACE", "2028, LINE SEPARATOR", "061C, ARABIC LETTER MARK", "3164, HANGUL FILLER",
        "E0001, LANGUAGE TAG", "2800, BRAILLE PATTERN BLANK", "17B4, KHMER VOWEL INHERENT AQ" })
    void anIdHoldingAnInvisibleCharacterIsRefused(String hex, String name) {
        String id = "ACC-" + Character.toString(Integer.parseInt(hex, 16)) + "1";
        InvalidValue e = assertThrows(InvalidValue.class, () -> ValueType.ID.parse(id));
        assertEquals("holds U+" + hex + " " + name + " as its character 5, which shows as nothing or as a plain"
                + " space: it would look like another id", e.getMessage());
    }

    @Test
    void idsOfAnyScriptKeepTheirJoiners() {
        String england = "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC65\uDB40\uDC6E\uDB40\uDC67\uDB40\uDC7F";
        for (String id : List.of("u\u200Dser", "\u0645\u06CC\u200C\u0634\u0648\u062F", "Müller-ÄÖ",
                "\uD83D\uDE80-1", "team-" + england, "ACC 1")) {
            assertEquals(id, ValueType.ID.parse(id));
        }
    }

    @ParameterizedTest
    @CsvSource({ "129, true", "128, false" })
    void idsAreAtMost128Characters(int length, boolean refused) {
        String id = "x".repeat(length);
        if (refused) {
            assertThrows(InvalidValue.class, () -> ValueType.ID.parse(id));
        } else {
            assertEquals(id, ValueType.ID.parse(id));
        }
    }

    /** PostgreSQL counts characters, not UTF-16 units: a character outside the basic plane is one. */
    @ParameterizedTest
    @CsvSource({ "64, false", "65, true" })
    void segmentLengthsCountCharactersNotUtf16Units(int length, boolean refused) {
        String segment = "\uD83D\uDE80".repeat(length);
        if (refused) {
            InvalidValue e = assertThrows(InvalidValue.class, () -> ValueType.SEGMENT.parse(segment));
            assertTrue(e.getMessage().startsWith("is 65 characters long"), e.getMessage());
        } else {
            assertEquals(segment, ValueType.SEGMENT.parse(segment));
        }
    }

    /** 'İ' lower-cases to two characters: the address as stored must fit, not the address as written. */
    @Test
    void anEmailIsCheckedAtItsStoredLowerCaseLength() {
        String email = "\u0130".repeat(300) + "@x.example";
        InvalidValue e = assertThrows(InvalidValue.class, () -> ValueType.EMAIL.parse(email));
        assertTrue(e.getMessage().contains("at most 512"), e.getMessage());
        String fits = "\u0130".repeat(250) + "@x.example";
        assertEquals(510, ValueType.EMAIL.parse(fits).length());
    }

    /** A choice matches whatever its case, but only in ASCII letters: no look-alike is taken for one. */
    @Test
    void choicesMatchAnyCaseButNoLookAlike() {
        ValueType.Choices types = new ValueType.Choices(List.of("QBR", "training", "CSAT"));
        assertEquals("training", types.match("TRAINING"));
        assertEquals("QBR", types.match("qbr"));
        for (String lookAlike : List.of("tra\u0131n\u0131ng", "c\u017fat", "\uff31BR")) {
            assertThrows(InvalidValue.class, () -> types.match(lookAlike), lookAlike);
        }
    }
}
