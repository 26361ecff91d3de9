package dev.bellwether.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every table of every page has a name a screen reader's list of tables shows (a caption, or the heading of its card
 * by aria-labelledby, which the same template holds): "table" alone tells nothing of which one it is.
 */
class TableNamesTest {

    private static final Pattern TABLE = Pattern.compile("<table\\b[^>]*>");
    private static final Pattern LABELLED_BY = Pattern.compile("aria-labelledby=\"([^\"]+)\"");
    private static final Pattern NEXT = Pattern.compile("<(caption|thead|tbody|tr)\\b");

    @Test
    void everyTableIsNamed() throws IOException {
        List<String> unnamed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).sorted().toList()) {
                String text = Files.readString(file);
                Matcher table = TABLE.matcher(text);
                while (table.find()) {
                    String where = file.getFileName() + ":" + (text.substring(0, table.start()).lines().count());
                    Matcher labelledBy = LABELLED_BY.matcher(table.group());
                    if (labelledBy.find()) {
                        if (!text.contains("id=\"" + labelledBy.group(1) + "\"")) {
                            unnamed.add(where + " names " + labelledBy.group(1) + ", which the template does not hold");
                        }
                        continue;
                    }
                    Matcher next = NEXT.matcher(text).region(table.end(), text.length());
                    if (!table.group().contains("aria-label=") && !(next.find() && next.group(1).equals("caption"))) {
                        unnamed.add(where);
                    }
                }
            }
        }
        assertEquals(List.of(), unnamed);
    }
}
