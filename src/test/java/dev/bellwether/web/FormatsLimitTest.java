package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A configured limit is said exactly as set: 512 KB read "0 MB" in a 413, 1,500 KB "1 MB". */
class FormatsLimitTest {

    @Test
    void aLimitIsSaidInTheLargestUnitThatHoldsItExactly() {
        assertEquals("10 MB", Formats.limit(10L * 1024 * 1024));
        assertEquals("512 KB", Formats.limit(512L * 1024));
        assertEquals("1500 KB", Formats.limit(1500L * 1024));
        assertEquals("1000 bytes", Formats.limit(1000));
        assertEquals("0 bytes", Formats.limit(0));
    }
}
