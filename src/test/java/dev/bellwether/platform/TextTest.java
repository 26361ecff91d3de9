package dev.bellwether.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Text as people and PostgreSQL count and sort it. */
class TextTest {

    @Test
    void charactersCountAnEmojiOnce() {
        assertEquals(3, Text.characters("a😀b"));
    }

    @Test
    void keysSortByCodePointAsTheDatabasesCCollationDoes() {
        List<String> keys = new ArrayList<>(List.of("\uFF21cme", "😀 Fans", "Software", "(none)", "Éducation", "Retail",
                "banking", "Soft"));
        keys.sort(Text.CODE_POINT_ORDER);
        // U+FF21 (fullwidth A) before U+1F600, which String.compareTo would put first
        assertEquals(List.of("(none)", "Retail", "Soft", "Software", "banking", "Éducation", "\uFF21cme", "😀 Fans"),
                keys);
    }

    @Test
    void anAbbreviationCountsCharactersAndNeverSplitsOne() {
        assertEquals("abc", Text.abbreviate("abc", 3));
        assertEquals("ab…", Text.abbreviate("abc", 2));
        assertEquals("😀😀…", Text.abbreviate("😀😀😀", 2));
    }

    @Test
    void trailingCharactersAreTakenOffInOnePass() {
        assertEquals("https://a.example", Text.withoutTrailing("https://a.example///", '/'));
        assertEquals("https://a.example/x", Text.withoutTrailing("https://a.example/x", '/'));
        assertEquals("", Text.withoutTrailing("///", '/'));
        String slashes = "https://a.example" + "/".repeat(1_000_000) + "x";
        assertEquals(slashes, Text.withoutTrailing(slashes, '/'));
    }

    @Test
    void printableTextHasNoControlCharactersAndAtMostTheCharactersAsked() {
        assertEquals("a b c", Text.printable("a\0b\nc", 10));
        assertEquals("😀😀", Text.printable("😀😀😀", 2));
    }

    @Test
    void trimmingTakesControlsAndBreakingSpacesButKeepsNulAndNoBreakSpaces() {
        assertEquals("SMB", Text.trimmed("\t\u3000SMB\u2003\u007f\u0085"));
        assertEquals("\0SMB", Text.trimmed(" \0SMB"));
        assertEquals("\u00a0SMB\u202f", Text.trimmed("\u00a0SMB\u202f"));
        assertEquals("month", Text.trimmedName("\ufeff month\u00a0"));
    }
}
