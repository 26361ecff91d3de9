package dev.bellwether.ingest.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import de.siegmar.fastcsv.writer.CsvWriter;

/**
 * Writes a realistic, reproducible dataset of the seven import kinds: N accounts over M months,
 * with segments, expansions, contractions, churn and the odd reactivation, and with product
 * usage, surveys, tickets, CSM activities and opportunities that follow each account's latent
 * health, so some accounts are visibly at risk (falling usage, detractors, no contact, open
 * tickets) and most are healthy. The same profile always gives the same files.
 *
 * <p>Used for the demo tenants and for the benchmarks:
 * {@code java -cp target/classes:target/quarkus-app/lib/main/* dev.bellwether.ingest.demo.DatasetGenerator
 * --accounts 10000 --months 24 --out target/bench/data}
 */
public final class DatasetGenerator {

    /**
     * What to generate.
     *
     * @param accounts          number of accounts
     * @param months            months of MRR history, ending with {@code lastMonth}
     * @param lastMonth         the last month with data (the reporting month)
     * @param csmEmails         the CSMs who own the accounts, the first ones owning the most
     * @param usageRowsPerMonth usage rows per active account and month, on average
     * @param seed              the random seed: the same profile gives the same files
     */
    public record Profile(int accounts, int months, YearMonth lastMonth, List<String> csmEmails, int usageRowsPerMonth,
            long seed) {
    }

    private static final String[] NAME_HEADS = { "Northwind", "Bluebird", "Åkesson", "Harbor", "Redwood", "Evergreen",
            "Summit", "Lumen", "Crescent", "Ironbark", "Müller", "Kestrel", "Oakridge", "Silverline", "Tidewater",
            "Aurora", "Granite", "Meridian", "Cobalt", "Juniper", "Saffron", "Vireo", "Halcyon", "Orchard", "Pioneer",
            "Quarry", "Riverside", "Sable", "Tamarack", "Umbra", "Vantage", "Wexford", "Yarrow", "Zephyr",
            "Brightwater", "Castell", "Dovetail", "Élan", "Fjord", "Gallant" };
    private static final String[] NAME_TAILS = { "Analytics", "Logistics", "Health", "Bikes", "Foods", "Capital",
            "Robotics", "Media", "Energy", "Insurance", "Labs", "Systems", "Retail", "Travel", "Studios", "Telecom" };
    private static final String[] NAME_FORMS = { "Ltd", "GmbH", "Inc.", "S.A.", "K.K.", "AB", "SAS", "LLC", "& Co",
            "B.V." };
    private static final String[] INDUSTRIES = { "Energy", "Media & Entertainment", "Health & Life Sciences",
            "Financial Services", "Retail", "Manufacturing", "Software", "Logistics", "Education", "Public Sector" };
    private static final String[] FEATURES = { "dashboards", "reports", "api", "alerts", "exports", "sso", "workflows",
            "integrations", "mobile", "audit" };
    private static final String[] PRIORITIES = { "low", "normal", "normal", "normal", "high", "urgent" };
    private static final String[] CONTACT_TYPES = { "call", "email", "email", "meeting", "training", "onboarding" };
    private static final String[] DETRACTOR_COMMENTS = { "Reports are too slow to load.",
            "We struggle to get value out of it.", "Support took days to answer.", "Too expensive for what we use.",
            "The new UI confused our team." };
    private static final String[] PROMOTER_COMMENTS = { "Great product, our team uses it daily.",
            "Support is excellent.", "Saves us hours every week.", "", "", "" };
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

    private final Profile profile;
    private final YearMonth firstMonth;
    private final LocalDate lastDay;
    private long responses;
    private long tickets;
    private long activities;
    private long opportunities;

    public DatasetGenerator(Profile profile) {
        this.profile = profile;
        this.firstMonth = profile.lastMonth().minusMonths(profile.months() - 1L);
        this.lastDay = profile.lastMonth().atEndOfMonth();
    }

    /**
     * Writes accounts.csv, mrr.csv, usage.csv, surveys.csv, tickets.csv, activities.csv, opportunities.csv into
     * {@code dir}.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (Out out = new Out(dir)) {
            out.accounts.writeRecord("account_id", "name", "segment", "industry", "plan", "csm_email", "customer_since",
                    "renewal_date", "licensed_seats", "first_value_date");
            out.mrr.writeRecord("account_id", "month", "mrr");
            out.usage.writeRecord("account_id", "user_id", "date", "feature", "events");
            out.surveys.writeRecord("response_id", "account_id", "responded_at", "type", "score", "comment");
            out.tickets.writeRecord("ticket_id", "account_id", "opened_at", "first_response_at", "resolved_at",
                    "priority", "resolved_on_first_contact");
            out.activities.writeRecord("activity_id", "account_id", "occurred_at", "type", "csm_email");
            out.opportunities.writeRecord("opportunity_id", "account_id", "type", "amount", "stage", "close_date");
            for (int i = 1; i <= profile.accounts(); i++) {
                account(i, new SplittableRandom(mix(profile.seed(), i)), out);
            }
        }
    }

    private void account(int index, RandomGenerator random, Out out) throws IOException {
        String id = String.format(Locale.ROOT, "ACC-%05d", index);
        double roll = random.nextDouble();
        String segment = roll < 0.55 ? "SMB" : roll < 0.85 ? "Mid-Market" : "Enterprise";
        boolean enterpriseLike = !segment.equals("SMB");
        // latent risk: most accounts are fine, about one in six is in trouble
        double risk = random.nextDouble() < 0.17 ? 0.55 + 0.45 * random.nextDouble() : 0.3 * random.nextDouble();
        String csm = pickCsm(random);

        boolean startsInHistory = random.nextDouble() < 0.3;
        LocalDate since = startsInHistory
                ? firstMonth.atDay(1).plusDays(random.nextInt(Math.max(1, profile.months() * 30 - 45)))
                : firstMonth.atDay(1).minusDays(30 + random.nextInt(900));
        LocalDate firstValue = random.nextDouble() < 0.1 ? null
                : since.plusDays(3 + random.nextInt(risk > 0.5 ? 60 : 35));
        int seats = switch (segment) {
            case "SMB" -> 3 + random.nextInt(22);
            case "Mid-Market" -> 20 + random.nextInt(100);
            default -> 80 + random.nextInt(400);
        };
        Integer licensedSeats = random.nextDouble() < 0.08 ? null : seats;
        LocalDate renewal = nextRenewal(since, random, risk);
        String plan = switch (segment) {
            case "SMB" -> random.nextBoolean() ? "Starter" : "Growth";
            case "Mid-Market" -> random.nextBoolean() ? "Growth" : "Scale";
            default -> "Enterprise";
        };
        out.accounts.writeRecord(id, companyName(index, random), segment,
                INDUSTRIES[random.nextInt(INDUSTRIES.length)], plan,
                csm, since.toString(), renewal == null ? "" : renewal.toString(),
                licensedSeats == null ? "" : licensedSeats.toString(), firstValue == null ? "" : firstValue.toString());

        double mrr = switch (segment) {
            case "SMB" -> 150 + random.nextInt(750);
            case "Mid-Market" -> 1500 + random.nextInt(4500);
            default -> 8000 + random.nextInt(22000);
        };
        mrr = Math.round(mrr * 2) / 2.0;
        YearMonth start = YearMonth.from(since).isBefore(firstMonth) ? firstMonth : YearMonth.from(since);
        boolean active = true;
        int monthsInactive = 0;
        for (YearMonth month = start; !month.isAfter(profile.lastMonth()); month = month.plusMonths(1)) {
            if (active && month.isAfter(start) && random.nextDouble() < 0.003 + 0.035 * risk * risk) {
                active = false;
                monthsInactive = 0;
            } else if (!active) {
                monthsInactive++;
                if (monthsInactive >= 2 && random.nextDouble() < 0.03) {
                    active = true;
                    mrr = Math.round(mrr * 0.8 * 2) / 2.0;
                }
            } else if (month.isAfter(start)) {
                double change = random.nextDouble();
                if (change < 0.035 * (1 - risk)) {
                    mrr = Math.round(mrr * (1.1 + 0.3 * random.nextDouble()) * 2) / 2.0;
                } else if (change > 1 - 0.03 * risk) {
                    mrr = Math.round(mrr * (0.7 + 0.2 * random.nextDouble()) * 2) / 2.0;
                }
            }
            if (!active) {
                continue;
            }
            out.mrr.writeRecord(id, month.toString(), String.format(Locale.ROOT, "%.2f", mrr));
            activityOfMonth(id, month, segment, enterpriseLike, seats, risk, csm, since, random, out);
        }
        opportunitiesOf(id, renewal, mrr, risk, active, random, out);
    }

    private void activityOfMonth(String id, YearMonth month, String segment, boolean enterpriseLike, int seats,
            double risk, String csm, LocalDate since, RandomGenerator random, Out out) throws IOException {
        boolean recent = !month.isBefore(profile.lastMonth().minusMonths(1));
        // trouble shows in the last two months: usage falls away for risky accounts
        double engagement = recent ? 1 - 0.85 * risk * risk : 1 - 0.25 * risk;
        int users = Math.max(1, Math.min(seats, 2 + (int) (seats * (0.35 + 0.5 * (1 - risk)))));
        int rows = (int) Math.round(profile.usageRowsPerMonth() * engagement * (0.88 + 0.24 * random.nextDouble()));
        Set<String> seen = new HashSet<>();
        LocalDate first = month.atDay(1).isBefore(since) ? since : month.atDay(1);
        int days = (int) (month.atEndOfMonth().toEpochDay() - first.toEpochDay()) + 1;
        int featureCount = 2 + (int) ((FEATURES.length - 2) * (1 - risk) * random.nextDouble());
        for (int r = 0; r < rows && days > 0; r++) {
            String user = String.format(Locale.ROOT, "u%03d", 1 + random.nextInt(users));
            LocalDate day = first.plusDays(random.nextInt(days));
            String feature = random.nextDouble() < 0.05 ? "" : FEATURES[random.nextInt(featureCount)];
            if (seen.add(user + day + feature)) {
                out.usage.writeRecord(id, user, day.toString(), feature, Integer.toString(1 + random.nextInt(20)));
            }
        }
        // surveys: a few NPS answers a quarter, CES now and then
        if (random.nextDouble() < 0.35) {
            int score = risk > 0.5 ? random.nextInt(recent ? 6 : 9) : 7 + random.nextInt(4);
            String comment = score <= 6 ? DETRACTOR_COMMENTS[random.nextInt(DETRACTOR_COMMENTS.length)]
                    : PROMOTER_COMMENTS[random.nextInt(PROMOTER_COMMENTS.length)];
            out.surveys.writeRecord(String.format(Locale.ROOT, "R-%07d", ++responses), id,
                    dayIn(month, since, random).toString(), "NPS", Integer.toString(score), comment);
        }
        if (random.nextDouble() < 0.12) {
            out.surveys.writeRecord(String.format(Locale.ROOT, "R-%07d", ++responses), id,
                    dayIn(month, since, random).toString(),
                    "CES", Integer.toString(risk > 0.5 ? 1 + random.nextInt(5) : 4 + random.nextInt(4)), "");
        }
        // tickets, each with a CSAT answer now and then
        double expectedTickets = (enterpriseLike ? 0.9 : 0.35) * (0.5 + 1.5 * risk);
        while (random.nextDouble() < expectedTickets) {
            expectedTickets -= 1;
            ticket(id, month, since, risk, random, out);
        }
        // CSM activities: regular touches, and quarterly business reviews for the larger accounts
        double touches = (segment.equals("Enterprise") ? 3 : enterpriseLike ? 2 : 0.7) * (1 - 0.75 * risk);
        while (random.nextDouble() < touches) {
            touches -= 1;
            out.activities.writeRecord(String.format(Locale.ROOT, "ACT-%07d", ++activities), id,
                    dayIn(month, since, random).toString(), CONTACT_TYPES[random.nextInt(CONTACT_TYPES.length)], csm);
        }
        if (enterpriseLike && month.getMonthValue() % 3 == 0 && random.nextDouble() < 0.9 - 0.6 * risk) {
            out.activities.writeRecord(String.format(Locale.ROOT, "ACT-%07d", ++activities), id,
                    dayIn(month, since, random).toString(), "QBR", csm);
        }
    }

    private void ticket(String id, YearMonth month, LocalDate since, double risk, RandomGenerator random, Out out)
            throws IOException {
        LocalDateTime opened = dayIn(month, since, random).atTime(random.nextInt(24), random.nextInt(60),
                random.nextInt(60));
        LocalDateTime firstResponse = opened.plusMinutes(20 + random.nextInt(risk > 0.5 ? 2400 : 900));
        LocalDateTime resolved = firstResponse.plusMinutes(30 + random.nextInt(4000));
        boolean fresh = opened.toLocalDate().isAfter(lastDay.minusDays(12));
        boolean unanswered = fresh && random.nextDouble() < 0.35;
        boolean unresolved = unanswered || (fresh && random.nextDouble() < 0.4) || random.nextDouble() < 0.02;
        if (firstResponse.toLocalDate().isAfter(lastDay)) {
            unanswered = true;
        }
        if (resolved.toLocalDate().isAfter(lastDay)) {
            unresolved = true;
        }
        String firstContact = unresolved || random.nextDouble() < 0.15 ? ""
                : Boolean.toString(random.nextDouble() < 0.35);
        out.tickets.writeRecord(String.format(Locale.ROOT, "T-%07d", ++tickets), id,
                TIMESTAMP.format(opened.atOffset(ZoneOffset.UTC)),
                unanswered ? "" : TIMESTAMP.format(firstResponse.atOffset(ZoneOffset.UTC)),
                unresolved ? "" : TIMESTAMP.format(resolved.atOffset(ZoneOffset.UTC)),
                PRIORITIES[random.nextInt(PRIORITIES.length)], firstContact);
        if (!unresolved && random.nextDouble() < 0.4) {
            int csat = risk > 0.5 ? 1 + random.nextInt(4) : 3 + random.nextInt(3);
            out.surveys.writeRecord(String.format(Locale.ROOT, "R-%07d", ++responses), id,
                    resolved.toLocalDate().isAfter(lastDay) ? lastDay.toString() : resolved.toLocalDate().toString(),
                    "CSAT", Integer.toString(csat), "");
        }
    }

    private void opportunitiesOf(String id, LocalDate renewal, double mrr, double risk, boolean active,
            RandomGenerator random, Out out) throws IOException {
        if (renewal != null) {
            // last year's renewal, closed
            LocalDate previous = renewal.minusYears(1);
            if (!previous.isBefore(firstMonth.atDay(1))) {
                boolean won = random.nextDouble() > 0.08 + 0.4 * risk;
                out.opportunities.writeRecord(String.format(Locale.ROOT, "OPP-%07d", ++opportunities), id, "renewal",
                        String.format(Locale.ROOT, "%.2f", mrr), won ? "won" : "lost", previous.toString());
            }
            if (active && renewal.isBefore(lastDay.plusDays(150))) {
                out.opportunities.writeRecord(String.format(Locale.ROOT, "OPP-%07d", ++opportunities), id, "renewal",
                        String.format(Locale.ROOT, "%.2f", mrr), "open", renewal.toString());
            }
        }
        if (active && random.nextDouble() < 0.25 * (1 - risk)) {
            double stageRoll = random.nextDouble();
            String stage = stageRoll < 0.5 ? "open" : stageRoll < 0.8 ? "won" : "lost";
            LocalDate close = stage.equals("open") ? lastDay.plusDays(15 + random.nextInt(120))
                    : lastDay.minusDays(random.nextInt(300));
            out.opportunities.writeRecord(String.format(Locale.ROOT, "OPP-%07d", ++opportunities), id, "expansion",
                    String.format(Locale.ROOT, "%.2f", Math.round(mrr * (0.1 + 0.3 * random.nextDouble()) * 100)
                            / 100.0), stage, close.toString());
        }
    }

    /**
     * A well-spread seed per account: java.util.Random's first draws of consecutive seeds are
     * nearly equal, which made every account fall in the same segment.
     */
    static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private LocalDate nextRenewal(LocalDate since, RandomGenerator random, double risk) {
        if (random.nextDouble() < 0.15) {
            return null;
        }
        LocalDate renewal = since;
        while (!renewal.isAfter(lastDay)) {
            renewal = renewal.plusYears(1);
        }
        // some renewals fall in the next 90 days, risky accounts a little more often
        if (random.nextDouble() < 0.1 + 0.2 * risk) {
            renewal = lastDay.plusDays(5 + random.nextInt(80));
        }
        return renewal;
    }

    private LocalDate dayIn(YearMonth month, LocalDate since, RandomGenerator random) {
        LocalDate first = month.atDay(1).isBefore(since) ? since : month.atDay(1);
        int days = (int) (month.atEndOfMonth().toEpochDay() - first.toEpochDay()) + 1;
        return first.plusDays(random.nextInt(Math.max(days, 1)));
    }

    private String pickCsm(RandomGenerator random) {
        List<String> csms = profile.csmEmails();
        // the first CSM owns the most accounts, the last the fewest
        double roll = random.nextDouble() * csms.size() * (csms.size() + 1) / 2.0;
        for (int i = 0; i < csms.size(); i++) {
            roll -= csms.size() - i;
            if (roll <= 0) {
                return csms.get(i);
            }
        }
        return csms.get(csms.size() - 1);
    }

    private static String companyName(int index, RandomGenerator random) {
        String head = NAME_HEADS[(index * 7 + random.nextInt(3)) % NAME_HEADS.length];
        String tail = NAME_TAILS[(index / NAME_HEADS.length + random.nextInt(2)) % NAME_TAILS.length];
        String form = NAME_FORMS[random.nextInt(NAME_FORMS.length)];
        String name = head + " " + tail + " " + form;
        return index > NAME_HEADS.length * NAME_TAILS.length ? name + " " + index : name;
    }

    /** The seven files, written as they are generated. */
    private static final class Out implements AutoCloseable {
        final CsvWriter accounts;
        final CsvWriter mrr;
        final CsvWriter usage;
        final CsvWriter surveys;
        final CsvWriter tickets;
        final CsvWriter activities;
        final CsvWriter opportunities;
        private final List<CsvWriter> all = new ArrayList<>();

        Out(Path dir) throws IOException {
            accounts = open(dir, "accounts.csv");
            mrr = open(dir, "mrr.csv");
            usage = open(dir, "usage.csv");
            surveys = open(dir, "surveys.csv");
            tickets = open(dir, "tickets.csv");
            activities = open(dir, "activities.csv");
            opportunities = open(dir, "opportunities.csv");
        }

        private CsvWriter open(Path dir, String name) throws IOException {
            Writer writer = Files.newBufferedWriter(dir.resolve(name), StandardCharsets.UTF_8);
            CsvWriter csv = CsvWriter.builder().lineDelimiter(de.siegmar.fastcsv.writer.LineDelimiter.LF).build(writer);
            all.add(csv);
            return csv;
        }

        @Override
        public void close() throws IOException {
            for (CsvWriter csv : all) {
                csv.close();
            }
        }
    }

    /** {@code --accounts N --months M --out DIR [--usage-rows-per-month R] [--last-month YYYY-MM] [--seed S]}. */
    public static void main(String[] args) throws IOException {
        int accounts = 1000;
        int months = 24;
        int usage = 14;
        long seed = 7;
        YearMonth last = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        Path dir = Path.of("target/dataset");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--accounts" -> accounts = Integer.parseInt(args[i + 1]);
                case "--months" -> months = Integer.parseInt(args[i + 1]);
                case "--usage-rows-per-month" -> usage = Integer.parseInt(args[i + 1]);
                case "--last-month" -> last = YearMonth.parse(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--out" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        List<String> csms = new ArrayList<>();
        for (int i = 1; i <= Math.max(3, accounts / 60); i++) {
            csms.add("csm" + i + "@example.com");
        }
        long started = System.nanoTime();
        new DatasetGenerator(new Profile(accounts, months, last, csms, usage, seed)).write(dir);
        System.out.printf(Locale.ROOT, "Wrote %d accounts x %d months to %s in %.1f s%n", accounts, months, dir,
                (System.nanoTime() - started) / 1e9);
    }
}
