package dev.bellwether.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.HealthModelDocument;
import dev.bellwether.health.HealthModels;
import dev.bellwether.health.Measure;
import dev.bellwether.platform.Text;
import dev.bellwether.web.Formats;

/**
 * The health-model editor's form: the values as typed (so a refused save loses nothing), read from
 * a model or a posted form, and turned into a {@link HealthModelDocument} for the model's own
 * validation. Field names: {@code w.<component>}, {@code m.<measure>.component|poor|good|missing},
 * {@code b.healthy|atRisk}, {@code s.<segment>.on} and {@code s.<segment>.<component>},
 * {@code a.<rule>.on|threshold}, {@code note}.
 */
public final class ModelForm {

    private final Map<String, String> values;
    private final List<String> problems;
    private final List<String> segments;

    private ModelForm(Map<String, String> values, List<String> problems, List<String> segments) {
        Map<String, String> byName = new LinkedHashMap<>();
        values.forEach((name, value) -> byName.put(lineBreaks(name), value));
        this.values = byName;
        this.problems = problems;
        this.segments = segments;
    }

    /**
     * A field's name with its line breaks as a browser posts them: a segment is any text and its fields are
     * named after it, and a browser turns every line break in a posted name into CR LF.
     */
    private static String lineBreaks(String name) {
        return name.indexOf('\n') < 0 && name.indexOf('\r') < 0 ? name : name.replaceAll("\r\n|\r|\n", "\r\n");
    }

    /**
     * The segments whose weights the form edits: the tenant's own ({@code tenant}, from its accounts)
     * and any the model already has weights for, in alphabetical order.
     */
    public static List<String> segments(HealthModel model, List<String> tenant) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(tenant);
        all.addAll(model.segmentWeights().keySet());
        return List.copyOf(all);
    }

    /** The form of {@code model}'s alert rules (no segment weights). */
    public static ModelForm of(HealthModel model) {
        return of(model, List.of());
    }

    /** The form of {@code model}, with the weights of {@code segments}. */
    public static ModelForm of(HealthModel model, List<String> segments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            values.put("w." + component.key(), number(model.weights().get(component)));
        }
        for (HealthModel.MeasureRule rule : model.measures()) {
            String p = "m." + rule.measure().key() + ".";
            values.put(p + "component", rule.component().key());
            values.put(p + "poor", number(rule.poor()));
            values.put(p + "good", number(rule.good()));
            values.put(p + "missing", rule.missing().key());
        }
        values.put("b.healthy", number(model.bands().healthy()));
        values.put("b.atRisk", number(model.bands().atRisk()));
        for (String segment : segments) {
            Map<Component, Double> own = model.segmentWeights().get(segment);
            values.put("s." + segment + ".on", own == null ? "" : "on");
            for (Component component : Component.values()) {
                values.put("s." + segment + "." + component.key(),
                        number((own == null ? model.weights() : own).get(component)));
            }
        }
        for (AlertSetting alert : model.alerts()) {
            values.put("a." + alert.rule().key() + ".on", alert.enabled() ? "on" : "");
            values.put("a." + alert.rule().key() + ".threshold",
                    alert.threshold() == null ? "" : number(alert.threshold()));
        }
        values.put("note", "");
        return new ModelForm(values, List.of(), segments);
    }

    /** The alert rules as posted (no segment weights). */
    public static ModelForm of(MultivaluedMap<String, String> form) {
        return of(form, List.of());
    }

    /** The form as posted, with the weights of {@code segments}. */
    public static ModelForm of(MultivaluedMap<String, String> form, List<String> segments) {
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((key, list) -> {
            if (!list.isEmpty() && !key.equals("csrf-token")) {
                values.put(key, list.get(list.size() - 1));
            }
        });
        return new ModelForm(values, List.of(), segments);
    }

    /**
     * Whether this health-model page form differs from {@code model} (its note and the alert rules aside; a field
     * not sent is the model's, a box not ticked is off): a draft not saved yet.
     */
    public boolean differsFrom(HealthModel model) {
        return of(model, segments).values.entrySet().stream().anyMatch(f -> !f.getKey().equals("note")
                && !f.getKey().startsWith("a.") && !f.getValue().equals(values.containsKey(f.getKey())
                        ? values.get(f.getKey()) : f.getKey().endsWith(".on") ? "" : f.getValue()));
    }

    /** The same form with field {@code name} set to {@code value}. */
    public ModelForm with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(values);
        changed.put(name, value);
        return new ModelForm(changed, problems, segments);
    }

    /** The value typed in field {@code name}, else "" (a segment's weight not sent: health-model.js): the default. */
    public String value(String name) {
        String value = values.get(lineBreaks(name));
        int dot = name.lastIndexOf('.');
        return value != null ? value : name.startsWith("s.") && segments.contains(name.substring(2, Math.max(2, dot)))
                ? value("w" + name.substring(dot)) : "";
    }

    /** The value of field {@code a + b} (Qute has no string concatenation in arguments). */
    public String value(String a, String b) {
        return value(a + b);
    }

    public String value(String a, String b, String c) {
        return value(a + b + c);
    }

    public String value(String a, String b, String c, String d) {
        return value(a + b + c + d);
    }

    /** Whether the weights under {@code prefix} add up to 100, as the model checks it (HealthModel). */
    public boolean weightsOk(String prefix) {
        Double sum = weightSum(prefix);
        return sum != null && HealthModel.sumsToHundred(sum);
    }

    /**
     * The total as the editor shows it: one decimal ("70.0"), or as many as it takes when one decimal would read
     * 100.0 for weights that do not make 100 ("99.96"); "—" when a weight is not a number.
     */
    public String weightSumText(String prefix) {
        Double sum = weightSum(prefix);
        if (sum == null) {
            return "—";
        }
        String one = Formats.one(sum);
        return !HealthModel.sumsToHundred(sum) && one.equals(Formats.one(100.0)) ? HealthModel.sum(sum) : one;
    }

    public boolean checked(String a, String b, String c) {
        return checked(a + b + c);
    }

    public boolean checked(String name) {
        return !value(name).isEmpty();
    }

    /** The sum of the default weights, or of a segment's, as typed; null when one is not a number. */
    public Double weightSum(String prefix) {
        double sum = 0;
        for (Component component : Component.values()) {
            Double value = parse(value(prefix + component.key()));
            if (value == null) {
                return null;
            }
            sum += value;
        }
        return sum;
    }

    public List<String> problems() {
        return problems;
    }

    /** The segments whose weights the form edits. */
    public List<String> segments() {
        return segments;
    }

    public ModelForm withProblems(List<String> problems) {
        return new ModelForm(values, List.copyOf(problems), segments);
    }

    /** A draft read from the form: its document, the model it makes (null when it has problems) and the problems. */
    public record Draft(HealthModelDocument document, HealthModel model, List<String> problems) {
    }

    /** The model part of the form (weights, measures, bands, segment weights) as a draft of {@code current}. */
    public Draft modelDraft(HealthModel current) {
        List<String> problems = new ArrayList<>();
        return draft(modelDocument(problems), problems, current);
    }

    /** The alert part of the form as a draft of {@code current}. */
    public Draft alertsDraft(HealthModel current) {
        List<String> problems = new ArrayList<>();
        return draft(alertsDocument(problems), problems, current);
    }

    private static Draft draft(HealthModelDocument document, List<String> problems, HealthModel current) {
        if (!problems.isEmpty()) {
            return new Draft(document, null, problems);
        }
        HealthModelDocument.Parsed parsed = document.toModel(current);
        return new Draft(document, parsed.problems().isEmpty() ? parsed.model() : null, parsed.problems());
    }

    /**
     * The model part of the form (weights, measures, bands, segment weights) as a document; problems for what
     * is not a number.
     */
    HealthModelDocument modelDocument(List<String> problems) {
        Map<String, Double> weights = weights("w.", "weights", problems);
        List<HealthModelDocument.MeasureDoc> measures = new ArrayList<>();
        for (Measure measure : Measure.values()) {
            String p = "m." + measure.key() + ".";
            measures.add(new HealthModelDocument.MeasureDoc(measure.key(), value(p + "component"),
                    required(p + "poor", "measures." + measure.key() + ".poor", problems),
                    required(p + "good", "measures." + measure.key() + ".good", problems), value(p + "missing")));
        }
        HealthModelDocument.BandsDoc bands = new HealthModelDocument.BandsDoc(
                required("b.healthy", "bands.healthy", problems), required("b.atRisk", "bands.atRisk", problems));
        Map<String, Map<String, Double>> segments = new LinkedHashMap<>();
        for (String segment : this.segments) {
            if (checked("s." + segment + ".on")) {
                segments.put(segment, weights("s." + segment + ".", "segmentWeights." + segment, problems));
            }
        }
        return new HealthModelDocument(null, null, null, weights, measures, bands, null, segments);
    }

    /** The alert part of the form as a document; problems for thresholds that are not numbers. */
    HealthModelDocument alertsDocument(List<String> problems) {
        List<HealthModelDocument.AlertDoc> alerts = new ArrayList<>();
        for (AlertRule rule : AlertRule.values()) {
            String p = "a." + rule.key() + ".";
            Double threshold = rule == AlertRule.AT_RISK ? null
                    : required(p + "threshold", "alerts." + rule.key(), problems);
            alerts.add(new HealthModelDocument.AlertDoc(rule.key(), checked(p + "on"), threshold));
        }
        return new HealthModelDocument(null, null, null, null, null, null, alerts, null);
    }

    /**
     * The version the editor was opened on (its hidden {@code base} field), so a save made on an older
     * one is refused; null when the form has none. A value that is not a version is one that does not exist.
     */
    public HealthModels.Base base() {
        String base = value("base").trim();
        if (base.isEmpty()) {
            return null;
        }
        return new HealthModels.Base(base.matches("\\d{1,9}") ? Integer.parseInt(base) : -1, false);
    }

    /**
     * The version the form says it was opened on, as a save sends it back: the posted one (a form coming back with
     * problems keeps it, so a version saved meanwhile is still refused, not overwritten), else {@code inUse}.
     */
    public String openedOn(int inUse) {
        String posted = value("base").trim();
        return posted.isEmpty() ? String.valueOf(inUse) : posted;
    }

    /** The form as opened on {@code version} (after a refused stale save, or when it is the version in use). */
    public ModelForm reopenedOn(int version) {
        return with("base", String.valueOf(version));
    }

    /**
     * This form, a draft made on {@code opened} (as {@code formOf} shows a model), carried over onto {@code now},
     * version {@code version} saved
     * meanwhile: a field the draft changed keeps the draft's value, every other field takes now's, so saving again
     * keeps both people's changes. {@code clashes} gets the fields both changed, each to another value (the
     * draft's is kept). An unticked box is absent from a post: absent reads as "", as the form of a model has it.
     */
    public ModelForm rebasedOn(Optional<HealthModel> opened, HealthModel now, int version,
            Function<HealthModel, ModelForm> formOf, List<String> clashes) {
        return opened.map(model -> rebasedOn(formOf.apply(model), formOf.apply(now), version, clashes))
                .orElseGet(() -> reopenedOn(version)); // opened on no version there is: as it was posted
    }

    private ModelForm rebasedOn(ModelForm opened, ModelForm now, int version, List<String> clashes) {
        Map<String, String> merged = new LinkedHashMap<>(now.values);
        // the sections this form sets (the alert-rules page posts the rules alone): their fields, ticked or not
        Set<String> sections = new HashSet<>();
        values.keySet().stream().filter(name -> name.indexOf('.') > 0)
                .forEach(name -> sections.add(name.substring(0, name.indexOf('.'))));
        Set<String> names = new LinkedHashSet<>(values.keySet());
        opened.values.keySet().stream().filter(name -> name.indexOf('.') > 0
                && sections.contains(name.substring(0, name.indexOf('.')))).forEach(names::add);
        for (String name : names) {
            if (!values.containsKey(name) && !shown(name)) {
                continue; // a segment the page did not show when it was opened (added since): now's, as it is
            }
            String typed = values.getOrDefault(name, "");
            if (name.equals("note")) {
                merged.put(name, typed);
                continue;
            }
            String before = opened.values.getOrDefault(name, "");
            if (!same(typed, before)) {
                String theirs = now.values.getOrDefault(name, "");
                if (!same(theirs, before) && !same(theirs, typed)) {
                    clashes.add(name);
                }
                merged.put(name, typed);
            }
        }
        merged.put("base", String.valueOf(version));
        return new ModelForm(merged, List.of(), now.segments);
    }

    /**
     * Whether the page this form was posted from showed field {@code name}: a segment's fields when it posted the
     * segment's weights (ticked or not, for one that had its own), any other field when it posted its section.
     */
    private boolean shown(String name) {
        if (!name.startsWith("s.") || name.lastIndexOf('.') < 2) {
            return true;
        }
        String segment = name.substring(2, name.lastIndexOf('.'));
        return Arrays.stream(Component.values()).anyMatch(c -> values.containsKey("s." + segment + "." + c.key()));
    }

    private static boolean same(String a, String b) {
        Double x = parse(a);
        Double y = parse(b);
        return a.strip().equals(b.strip()) || x != null && x.equals(y);
    }

    public String note() {
        String note = value("note").trim();
        // 500 characters, as the field's limit: an emoji is one, and is never cut in half
        return note.isEmpty() ? null : Text.characters(note) > 500 ? note.substring(0, note.offsetByCodePoints(0, 500))
                : note;
    }

    private Map<String, Double> weights(String prefix, String name, List<String> problems) {
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            weights.put(component.key(), required(prefix + component.key(), name + "." + component.key(), problems));
        }
        return weights;
    }

    private Double required(String field, String name, List<String> problems) {
        Double value = parse(value(field));
        if (value == null) {
            problems.add(name + ": a number is required"
                    + (value(field).isBlank() ? "" : ", not '" + value(field) + "'"));
        }
        return value;
    }

    static Double parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String number(Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString(value.longValue())
                : Double.toString(value);
    }
}
