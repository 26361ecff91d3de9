package dev.bellwether.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The problems of an import grouped for people: by file, column and kind of problem, with how many
 * rows each group has, its first few examples, what the column allows and, where the values give it
 * away, what probably went wrong (a semicolon-separated file, a decimal comma, a month written
 * 10/2026). Every problem is counted, even those past the reported list, so a small group is never
 * hidden behind a large one. The API keeps its flat list of problems; this is for the pages.
 */
public final class ProblemGroups {

    /** Examples kept per group. */
    static final int EXAMPLES = 3;

    private static final Pattern EUROPEAN_AMOUNT =
            Pattern.compile("-?[0-9]{1,3}([. ][0-9]{3})+,[0-9]+|-?[0-9]+,[0-9]{1,2}");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("-?[0-9]+(,[0-9]+)+");
    private static final Pattern SLASHED_MONTH = Pattern.compile("[0-9]{1,2}[/.][0-9]{4}|[0-9]{4}/[0-9]{1,2}");
    private static final Pattern SLASHED_DATE = Pattern.compile("[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}");
    private static final String UNKNOWN_ACCOUNT = "is not a known account";

    /** One group: {@code count} problems of one kind in one column of one file. */
    public record Group(String file, String column, String problem, long count, List<ImportError> examples,
            String allowed, String hint, boolean unknownAccounts) {

        /** "row" or "rows" for the count (problems with a whole file count as rows too). */
        public String rows() {
            return count == 1 ? "row" : "rows";
        }
    }

    private record Key(String file, String column, String problem) {
    }

    private static final class Tally {
        long count;
        final List<ImportError> examples = new ArrayList<>();
        /** The kind's wording, split around its numbers, and which numbers differed between its problems. */
        String[] parts;
        boolean[] varied;

        /** Notes the wording of one more problem of the kind ({@code kind}: the message less its value). */
        void worded(String kind) {
            String[] these = NUMBER.split(kind, -1);
            Matcher numbers = NUMBER.matcher(kind);
            List<String> all = new ArrayList<>();
            for (int i = 0; i < these.length; i++) {
                all.add(these[i]);
                if (numbers.find()) {
                    all.add(numbers.group());
                }
            }
            if (parts == null) {
                parts = all.toArray(String[]::new);
                varied = new boolean[parts.length];
            } else {
                for (int i = 1; i < parts.length && i < all.size(); i += 2) {
                    varied[i] |= !parts[i].equals(all.get(i));
                }
            }
        }

        /** The kind as worded for the group: a number that differed between its problems reads "N". */
        String wording() {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                text.append(varied[i] ? "N" : parts[i]);
            }
            return text.toString();
        }
    }

    /** A number in a problem's wording ("as line 7", "600 characters long"): problems differing in one are one kind. */
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /**
     * At most this many groups are kept: problems of further kinds are counted in one last group, so that a file
     * whose every row has a problem of its own wording costs the memory of a summary, not of a list.
     */
    static final int MAX_GROUPS = 100;

    static final String OTHER_KINDS = "Problems of other kinds than those above: the list of problems has them.";

    private static final Key OTHERS = new Key(null, null, OTHER_KINDS);

    private final Map<Key, Tally> groups = new LinkedHashMap<>();

    /** The groups of a list of problems (a stored import, whose list may be the first of more). */
    public static List<Group> of(List<ImportError> errors) {
        ProblemGroups groups = new ProblemGroups();
        errors.forEach(e -> groups.add(e, 1));
        return groups.groups();
    }

    /** Counts {@code error} ({@code count} times: problems found and counted elsewhere, like it). */
    void add(ImportError error, long count) {
        Tally tally = groups.computeIfAbsent(key(error), k -> new Tally());
        tally.worded(kind(error.message(), error.value()));
        tally.count += count;
        if (tally.examples.size() < EXAMPLES) {
            tally.examples.add(error);
        }
    }

    /** Counts {@code count} more problems like {@code error}, without keeping it as an example. */
    void count(ImportError error, long count) {
        Tally tally = groups.computeIfAbsent(key(error), k -> new Tally());
        tally.worded(kind(error.message(), error.value()));
        tally.count += count;
    }

    private Key key(ImportError error) {
        Key key = new Key(error.file(), error.column(),
                NUMBER.matcher(kind(error.message(), error.value())).replaceAll("#"));
        return groups.containsKey(key) || groups.size() < MAX_GROUPS - 1 ? key : OTHERS;
    }

    /** The groups in the order their first problem was found, the unknown accounts last (they follow from the rest). */
    public List<Group> groups() {
        List<Group> found = new ArrayList<>();
        List<Group> unknown = new ArrayList<>();
        groups.forEach((key, tally) -> {
            boolean accounts = key.problem().startsWith(UNKNOWN_ACCOUNT);
            Group group = new Group(key.file(), key.column(), problemText(key, tally), tally.count,
                    List.copyOf(tally.examples), allowed(key.file(), key.column()).orElse(null),
                    key == OTHERS ? null : hint(tally.examples, column(key.file(), key.column())).orElse(null),
                    accounts);
            (accounts ? unknown : found).add(group);
        });
        found.addAll(unknown);
        return found;
    }

    /**
     * The message without the value it quotes first, so that "'x' is not a number" and "'y' …" are one kind: the
     * cell's own echo when the message starts with it (a value may hold "' " itself: {@code O' Brien}), else up
     * to the first "' ".
     */
    static String kind(String message, String value) {
        if (message == null) {
            return "";
        }
        String quoted = value == null ? null : "'" + ImportError.echo(value) + "' ";
        if (quoted != null && message.startsWith(quoted)) {
            return message.substring(quoted.length());
        }
        if (message.startsWith("'")) {
            int end = message.indexOf("' ", 1);
            if (end > 0) {
                return message.substring(end + 2);
            }
        }
        return message;
    }

    private static String problemText(Key key, Tally tally) {
        if (key == OTHERS) {
            return OTHER_KINDS;
        }
        if (key.problem().startsWith(UNKNOWN_ACCOUNT)) {
            return (tally.count == 1 ? "This row names an account" : "These rows name accounts")
                    + " that do not exist: upload accounts.csv first, or in the same upload.";
        }
        ImportError first = tally.examples.get(0);
        return first.message() != null && first.message().startsWith("'") && first.value() != null
                ? "The value " + tally.wording() : tally.wording();
    }

    /** What a column accepts, from its format (docs/imports.md). */
    static Optional<String> allowed(String file, String columnName) {
        return column(file, columnName).map(ProblemGroups::describe);
    }

    /** The column of that name in that file's format; empty for a name that is none (a header's problem). */
    private static Optional<Column> column(String file, String columnName) {
        if (file == null || columnName == null) {
            return Optional.empty();
        }
        return ImportKind.ofFileName(file).flatMap(kind -> kind.columns().stream()
                .filter(c -> c.name().equals(columnName)).findFirst());
    }

    private static String describe(Column column) {
        String rule = column.choices() != null ? "one of " + String.join(", ", column.choices().canonical())
                : switch (column.type()) {
                    case ID -> "an id of at most 128 characters";
                    case ACCOUNT_ID -> "an id of at most 128 characters, other than . or ..";
                    case TEXT -> "text of at most 512 characters";
                    case FEATURE -> "text of at most 512 characters and 1,536 bytes in UTF-8";
                    case SEGMENT -> "a segment name of 1 to 64 characters";
                    case EMAIL -> "an e-mail address";
                    case DATE -> "a date written YYYY-MM-DD, e.g. 2026-03-31";
                    case MONTH -> "a month written YYYY-MM, e.g. 2026-03";
                    case TIMESTAMP -> "a date and time in ISO-8601, e.g. 2026-03-01T14:05:00Z "
                            + "(UTC unless it says otherwise)";
                    case MONEY -> "an amount of 0 or more with a point for decimals and no thousands separator, "
                            + "e.g. 1234.50";
                    case COUNT -> "a whole number, 0 or more";
                    case INTEGER -> "a whole number";
                    case BOOLEAN -> "true or false";
                };
        return column.required() ? rule + "; required" : rule + "; may be empty";
    }

    /**
     * What the examples suggest went wrong, if anything recognisable: the fix it names is one {@code column} takes (a
     * count is told to drop its separators, not to write 1.5; a month column's slashed date is left to its rule).
     */
    static Optional<String> hint(List<ImportError> examples, Optional<Column> column) {
        ValueType type = column.filter(c -> c.choices() == null).map(Column::type).orElse(null);
        for (ImportError e : examples) {
            String value = e.value() == null ? "" : e.value();
            if (e.line() != null && e.line() == 1 && (value.contains(";") || value.contains("\t"))) {
                return Optional.of("This file seems to separate its values with " + (value.contains(";")
                        ? "semicolons (;)" : "tabs") + ". Bellwether reads commas: save it as "
                        + "\"CSV (comma delimited)\" or change the list separator in your spreadsheet's export "
                        + "settings.");
            }
            boolean commas = EUROPEAN_AMOUNT.matcher(value).matches() || DECIMAL_COMMA.matcher(value).matches();
            if (commas && (type == ValueType.COUNT || type == ValueType.INTEGER)) {
                return Optional.of("'" + value + "' has a comma. Write a whole number with no separator, e.g. 1500.");
            }
            if (type == ValueType.MONEY && EUROPEAN_AMOUNT.matcher(value).matches()) {
                return Optional.of("'" + value + "' is written with a comma for decimals"
                        + (value.matches("-?[0-9]+,[0-9]+") ? "" : " and points or spaces between thousands")
                        + ". Write amounts with a decimal point and no thousands separator: "
                        + value.replace(".", "").replace(" ", "").replace(',', '.') + ".");
            }
            if (type == ValueType.MONEY && DECIMAL_COMMA.matcher(value).matches()) {
                return Optional.of("'" + value + "' has a comma. Write amounts with a decimal point and no thousands "
                        + "separator, e.g. 1234.50.");
            }
            if ((type == ValueType.DATE || type == ValueType.TIMESTAMP) && SLASHED_DATE.matcher(value).matches()) {
                return Optional.of("'" + value + "' is written day/month or month/day; write dates as YYYY-MM-DD, "
                        + "which cannot be read two ways.");
            }
            if (type == ValueType.MONTH && SLASHED_MONTH.matcher(value).matches()) {
                return Optional.of("'" + value + "' is not in the YYYY-MM form; e.g. 10/2026 is written 2026-10.");
            }
        }
        return Optional.empty();
    }
}
