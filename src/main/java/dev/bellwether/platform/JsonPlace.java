package dev.bellwether.platform;

import com.fasterxml.jackson.core.JsonLocation;

/** Where in a JSON body its reader stopped, as the error messages say it. */
public final class JsonPlace {

    private JsonPlace() {
    }

    /** " (line 1, column 24)", or "" when the reader gave no line. */
    public static String of(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr()
                + ")";
    }
}
