package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The exporter's cells: one rounding rule, neutralised text, empty cells for nothing. */
class CsvExportTest {

    record Row(String name, Double health, Double mrr, LocalDate renewal, Integer alerts) {
    }

    final Row row = new Row("=SUM(A1)", 77.98, 1234.125, LocalDate.of(2026, 3, 1), 2);
    final Row empty = new Row(null, null, null, null, null);

    @Test
    void aFigureHasOneDecimalAndMoneyIsToTheCentBothHalfUp() {
        assertEquals("78.0", CsvExport.<Row>figure("health", Row::health).cell().apply(row));
        assertEquals("72.5",
                CsvExport.<Row>figure("health", Row::health).cell().apply(new Row(null, 72.45, null, null, null)));
        assertEquals("1234.13", CsvExport.<Row>money("mrr", Row::mrr).cell().apply(row));
        assertEquals("1200.0",
                CsvExport.<Row>money("mrr", Row::mrr).cell().apply(new Row(null, null, 1200.0, null, null)));
        assertEquals("", CsvExport.<Row>figure("health", Row::health).cell().apply(empty));
        assertEquals("", CsvExport.<Row>money("mrr", Row::mrr).cell().apply(empty));
        // a negative half rounds away from zero, as on the pages (Figure): an NPS of -6.25 is -6.3 in both
        assertEquals("-6.3",
                CsvExport.<Row>figure("nps", Row::health).cell().apply(new Row(null, -6.25, null, null, null)));
        assertEquals("0.0",
                CsvExport.<Row>figure("nps", Row::health).cell().apply(new Row(null, -0.04, null, null, null)));
        // as the page: 1.45 is stored as 1.4499…, and the page shows 1.4
        assertEquals("1.4",
                CsvExport.<Row>figure("nps", Row::health).cell().apply(new Row(null, 1.45, null, null, null)));
        assertEquals("-1.4",
                CsvExport.<Row>figure("nps", Row::health).cell().apply(new Row(null, -1.45, null, null, null)));
        assertEquals(Figure.rounded(-1.45, 1), -1.4, "the page's own rounding");
        // an ARR of tens of millions is written out, not as 1.23456789E7
        assertEquals("12345678.9",
                CsvExport.<Row>money("arr", Row::mrr).cell().apply(new Row(null, null, 12345678.9, null, null)));
        assertEquals("10000000.0",
                CsvExport.<Row>money("arr", Row::mrr).cell().apply(new Row(null, null, 1.0E7, null, null)));
    }

    @Test
    void textThatWouldBeAFormulaIsNeutralisedAndValuesAreWrittenAsTheyAre() {
        assertEquals("'=SUM(A1)", CsvExport.<Row>text("name", Row::name).cell().apply(row));
        assertEquals("'-2 Corp", CsvExport.safe("-2 Corp"));
        assertEquals("Northwind", CsvExport.safe("Northwind"));
        assertEquals("", CsvExport.<Row>text("name", Row::name).cell().apply(empty));
        assertEquals("2026-03-01", CsvExport.<Row>value("renewal", Row::renewal).cell().apply(row));
        assertEquals("2", CsvExport.<Row>value("alerts", Row::alerts).cell().apply(row));
        assertEquals("", CsvExport.<Row>value("renewal", Row::renewal).cell().apply(empty));
    }

    @Test
    void fileNamesKeepOnlySafeCharacters() {
        assertEquals("ACME_01_x-tickets.csv", CsvExport.fileName("ACME 01/x", "tickets"));
        assertEquals("segments-2026-03.csv", CsvExport.fileName("segments", "2026-03"));
        assertEquals("Müller_7-surveys.csv", CsvExport.fileName("Müller 7", "surveys"));
        // vowels written as marks are kept (Devanagari), and a letter pasted as "u" and a mark is composed
        assertEquals("हिन्दी-1-surveys.csv", CsvExport.fileName("हिन्दी-1", "surveys"));
        assertEquals("Müller-7-surveys.csv", CsvExport.fileName("Mu\u0308ller-7", "surveys"));
    }

    @Test
    void aNameWithOtherLettersIsSentExactlyBesideAnAsciiFallback() {
        assertEquals("attachment; filename=\"accounts.csv\"", CsvExport.disposition("accounts.csv"));
        assertEquals("attachment; filename=\"M_ller-7-surveys.csv\"; filename*=UTF-8''M%C3%BCller-7-surveys.csv",
                CsvExport.disposition("Müller-7-surveys.csv"));
        assertEquals("attachment; filename=\"__-1-surveys.csv\"; filename*=UTF-8''%E9%A1%A7%E5%AE%A2-1-surveys.csv",
                CsvExport.disposition(CsvExport.fileName("顧客-1", "surveys")));
    }
}
