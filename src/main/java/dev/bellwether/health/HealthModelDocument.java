package dev.bellwether.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bellwether.alerts.AlertRule;
import dev.bellwether.alerts.AlertSetting;
import dev.bellwether.platform.Text;

/**
 * A health model as JSON (docs/api.md's {@code /api/v1/health-model}, and how versions are stored):
 * {@code {weights, measures: [{measure, component, poor, good, missing}], bands: {healthy, atRisk},
 * alerts: [{rule, enabled, threshold}], segmentWeights: {segment: weights}}}, plus the version
 * and who made it when it is read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthModelDocument(Integer version, Instant createdAt, String createdBy, Map<String, Double> weights,
        List<MeasureDoc> measures, BandsDoc bands, List<AlertDoc> alerts,
        Map<String, Map<String, Double>> segmentWeights) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MeasureDoc(String measure, String component, Double poor, Double good, String missing) {
    }

    public record BandsDoc(Double healthy, Double atRisk) {
    }

    public record AlertDoc(String rule, Boolean enabled, Double threshold) {
    }

    /** A model and the reasons a document could not be one (empty when it could). */
    public record Parsed(HealthModel model, List<String> problems) {
    }

    /**
     * The most segments with weights of their own: far more than a page's form can send (about 190), a bound
     * only so that a body of a million segments is one problem.
     */
    static final int MAX_SEGMENTS = 1_000;

    public static HealthModelDocument of(HealthModel model, Integer version, Instant createdAt, String createdBy) {
        List<MeasureDoc> measures = model.measures().stream().map(m -> new MeasureDoc(m.measure().key(),
                m.component().key(), m.poor(), m.good(), m.missing().key())).toList();
        List<AlertDoc> alerts = model.alerts().stream()
                .map(a -> new AlertDoc(a.rule().key(), a.enabled(), a.threshold())).toList();
        Map<String, Map<String, Double>> segments = new LinkedHashMap<>();
        model.segmentWeights().forEach((segment, weights) -> segments.put(segment, weights(weights)));
        return new HealthModelDocument(version, createdAt, createdBy, weights(model.weights()), measures,
                new BandsDoc(model.bands().healthy(), model.bands().atRisk()), alerts, segments);
    }

    /** Reads the document; a section it leaves out is taken from {@code current}. */
    public Parsed toModel(HealthModel current) {
        List<String> problems = new ArrayList<>();
        // a document that comes in (the API, the page, an export's health-model.json), each one problem before an
        // entry's: a list of a million entries gets a short answer. A stored version is read without them
        // (readStored): one saved before these bounds stays readable.
        if (measures != null && measures.size() > Measure.values().length) {
            problems.add("measures: lists " + measures.size() + " entries; the model has " + Measure.values().length
                    + " measures, each listed once");
        }
        if (alerts != null && alerts.size() > AlertRule.values().length) {
            problems.add("alerts: lists " + alerts.size() + " entries; there are " + AlertRule.values().length
                    + " alert rules, each given at most once");
        }
        if (segmentWeights != null && segmentWeights.size() > MAX_SEGMENTS) {
            problems.add("segmentWeights: names " + segmentWeights.size() + " segments; at most " + MAX_SEGMENTS
                    + " may have weights of their own");
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        Parsed parsed = readStored(current);
        if (parsed.model() == null || parsed.problems().isEmpty()) {
            return parsed;
        }
        // a problem the model in use has already is not this change's: a version saved before a rule was added (a
        // weight on a component without measures) still takes a change of its alert rules, its bands, its export
        List<String> had = current.problems();
        return new Parsed(parsed.model(), parsed.problems().stream().filter(p -> !had.contains(p)).toList());
    }

    /** Reads a stored version, as it was saved; a section it leaves out is taken from {@code current}. */
    public Parsed readStored(HealthModel current) {
        List<String> problems = new ArrayList<>();
        Map<Component, Double> w = weights == null ? current.weights() : components("weights", weights, problems);
        List<HealthModel.MeasureRule> rules = new ArrayList<>();
        if (measures == null) {
            rules.addAll(current.measures());
        } else {
            for (MeasureDoc doc : measures) {
                if (doc == null) {
                    problems.add("measures: each entry is an object {measure, component, poor, good, missing}");
                    continue;
                }
                var measure = doc.measure() == null ? null : Measure.of(doc.measure()).orElse(null);
                if (measure == null) {
                    problems.add("measures: unknown measure '" + doc.measure() + "'");
                    continue;
                }
                HealthModel.MeasureRule was = current.rule(measure);
                var component = doc.component() == null ? was.component() : Component.of(doc.component()).orElse(null);
                var missing = doc.missing() == null ? was.missing() : MissingData.of(doc.missing()).orElse(null);
                if (component == null) {
                    problems.add("measures." + measure.key() + ": unknown component '" + doc.component() + "'");
                } else if (missing == null) {
                    problems.add("measures." + measure.key() + ": missing must be exclude, zero or carry");
                } else if (doc.poor() == null || doc.good() == null) {
                    problems.add("measures." + measure.key() + ": poor and good are required");
                } else {
                    rules.add(new HealthModel.MeasureRule(measure, component, doc.poor(), doc.good(), missing));
                }
            }
        }
        HealthModel.Bands b = current.bands();
        if (bands != null) {
            if (bands.healthy() == null || bands.atRisk() == null) {
                problems.add("bands: healthy and atRisk are required");
            } else {
                b = new HealthModel.Bands(bands.healthy(), bands.atRisk());
            }
        }
        List<AlertSetting> settings = new ArrayList<>(current.alerts());
        if (alerts != null) {
            Set<AlertRule> given = EnumSet.noneOf(AlertRule.class);
            for (AlertDoc doc : alerts) {
                if (doc == null) {
                    problems.add("alerts: each entry is an object {rule, enabled, threshold}");
                    continue;
                }
                var rule = doc.rule() == null ? null : AlertRule.of(doc.rule()).orElse(null);
                if (rule == null) {
                    problems.add("alerts: unknown rule '" + doc.rule() + "'");
                    continue;
                }
                if (!given.add(rule)) {
                    problems.add("alerts: rule '" + rule.key() + "' is given twice");
                    continue;
                }
                if (rule == AlertRule.AT_RISK && doc.threshold() != null) {
                    // not dropped in silence: whoever sent it believes it applies
                    problems.add("alerts: rule 'at-risk' has no threshold: it fires on the at-risk band (set"
                            + " bands.atRisk), so send null or leave threshold out");
                    continue;
                }
                AlertSetting was = current.alert(rule);
                settings.removeIf(s -> s.rule() == rule);
                settings.add(new AlertSetting(rule, doc.enabled() == null ? was.enabled() : doc.enabled(),
                        rule == AlertRule.AT_RISK ? null
                                : doc.threshold() == null ? was.threshold() : doc.threshold()));
            }
            settings.sort((x, y) -> x.rule().compareTo(y.rule()));
        }
        Map<String, Map<Component, Double>> segments = new LinkedHashMap<>();
        if (segmentWeights == null) {
            segments.putAll(current.segmentWeights());
        } else {
            segmentWeights.forEach((segment, weights) -> {
                // one of invisible characters alone (a no-break space) is no segment an account can carry either
                if (segment == null || Text.looksEmpty(segment) || Text.characters(segment) > 64
                        || segment.indexOf('\0') >= 0 || !Text.wellFormed(segment)) {
                    problems.add("segmentWeights: a segment is the text your accounts carry, 1 to 64 characters, not"
                            + " all of them spaces or characters that show as nothing");
                } else if (!Text.trimmed(segment).equals(segment)) {
                    // an import stores a segment without them: weights for "Enterprise " would never apply
                    problems.add("segmentWeights: '" + Text.trimmed(segment) + "' has spaces around it; your accounts'"
                            + " segments never do");
                } else {
                    segments.put(segment, components("segmentWeights." + segment, weights, problems));
                }
            });
        }
        if (!problems.isEmpty()) {
            return new Parsed(null, problems);
        }
        HealthModel model = new HealthModel(w, rules, b, settings, segments);
        return new Parsed(model, model.problems());
    }

    private static Map<String, Double> weights(Map<Component, Double> weights) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Component component : Component.values()) {
            out.put(component.key(), weights.get(component));
        }
        return out;
    }

    private static Map<Component, Double> components(String name, Map<String, Double> weights, List<String> problems) {
        Map<Component, Double> out = new EnumMap<>(Component.class);
        if (weights == null) {
            problems.add(name + ": an object {usage, engagement, outcomes, financial} is required");
            return out;
        }
        if (weights.size() > Component.values().length) {
            problems.add(name + ": names " + weights.size() + " components; there are " + Component.values().length
                    + ": usage, engagement, outcomes, financial");
            return out;
        }
        weights.forEach((key, value) -> {
            var component = Component.of(key);
            if (component.isEmpty()) {
                problems.add(name + ": unknown component '" + key + "'");
            } else if (value == null) {
                problems.add(name + "." + key + ": a number is required");
            } else {
                out.put(component.get(), value);
            }
        });
        return out;
    }
}
