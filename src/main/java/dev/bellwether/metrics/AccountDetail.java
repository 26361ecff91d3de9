package dev.bellwether.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthCalculator;
import dev.bellwether.health.Measure;
import dev.bellwether.metrics.calc.AccountResult;

/**
 * An account at the reporting month as the snapshot keeps it: components and measures (docs/api.md's
 * shape), engagement, and the full explanation of its score: each measure's value, bounds and
 * points, each component's weight after renormalisation.
 */
public record AccountDetail(Map<String, Double> components, Map<String, Double> measures, Integer mau, Double dauMau,
        Double featureAdoption, List<ComponentPart> explainComponents, List<MeasurePart> explainMeasures,
        int modelVersion, List<MeasurePart> previousMeasures) {

    /**
     * A component's part of the score; {@code effectiveWeight} is its share (%) after absent
     * components gave theirs away.
     */
    public record ComponentPart(String component, Double score, double weight, double effectiveWeight) {
    }

    /** A measure's part of the score; {@code points} null when it did not count. */
    public record MeasurePart(String measure, String label, String unit, String component, Double value, double poor,
            double good, Double points, String note) {
    }

    /** The JSON of an account's explanation and of its measures, as {@link #json} writes them. */
    record Json(String detail, String measures) {
    }

    /**
     * The explanation of an account's score at {@code month} and its measures at M, as the object
     * mapper writes this record of them (components by key, then the measures, engagement, each
     * component's and measure's part, the model's version and the measures' parts a month before),
     * character for character, but straight from the account's scores: a new month writes one for
     * each of 10,000 accounts, and building the records for the mapper's reflection took most of
     * that time. AccountDetailJsonTest holds the records it must match.
     */
    static Json json(JsonFactory factory, AccountResult account, int month, int modelVersion) {
        HealthCalculator.Score score = account.scores()[month];
        try {
            StringWriter text = new StringWriter(4096);
            try (JsonGenerator json = factory.createGenerator(text)) {
                json.writeStartObject();
                json.writeObjectFieldStart("components");
                for (Component component : COMPONENTS) {
                    json.writeFieldName(component.key());
                    number(json, score == null ? null : score.component(component));
                }
                json.writeEndObject();
                json.writeFieldName("measures");
                measures(json, account);
                json.writeFieldName("mau");
                if (account.mau() == null) {
                    json.writeNull();
                } else {
                    json.writeNumber(account.mau().intValue());
                }
                json.writeFieldName("dauMau");
                number(json, account.dauMau());
                json.writeFieldName("featureAdoption");
                number(json, account.featureAdoption());
                json.writeArrayFieldStart("explainComponents");
                if (score != null) {
                    for (HealthCalculator.ComponentScore c : score.components()) {
                        json.writeStartObject();
                        json.writeStringField("component", c.component().key());
                        json.writeFieldName("score");
                        number(json, c.score());
                        json.writeNumberField("weight", c.weight());
                        json.writeNumberField("effectiveWeight", c.effectiveWeight());
                        json.writeEndObject();
                    }
                }
                json.writeEndArray();
                json.writeFieldName("explainMeasures");
                parts(json, score);
                json.writeNumberField("modelVersion", modelVersion);
                json.writeFieldName("previousMeasures");
                parts(json, month > 0 ? account.scores()[month - 1] : null);
                json.writeEndObject();
            }
            StringWriter measures = new StringWriter(256);
            try (JsonGenerator json = factory.createGenerator(measures)) {
                measures(json, account);
            }
            return new Json(text.toString(), measures.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
    }

    private static final Component[] COMPONENTS = Component.values();
    private static final Measure[] MEASURES = Measure.values();

    private static void measures(JsonGenerator json, AccountResult account) throws IOException {
        json.writeStartObject();
        for (Measure measure : MEASURES) {
            json.writeFieldName(measure.key());
            number(json, account.measures().get(measure));
        }
        json.writeEndObject();
    }

    private static void parts(JsonGenerator json, HealthCalculator.Score score) throws IOException {
        json.writeStartArray();
        if (score != null) {
            for (HealthCalculator.MeasureScore m : score.measures()) {
                json.writeStartObject();
                json.writeStringField("measure", m.measure().key());
                json.writeStringField("label", m.measure().label());
                json.writeStringField("unit", m.measure().unit());
                json.writeStringField("component", m.component().key());
                json.writeFieldName("value");
                number(json, m.value());
                json.writeNumberField("poor", m.poor());
                json.writeNumberField("good", m.good());
                json.writeFieldName("points");
                number(json, m.points());
                json.writeStringField("note", m.note());
                json.writeEndObject();
            }
        }
        json.writeEndArray();
    }

    private static void number(JsonGenerator json, Double value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else {
            json.writeNumber(value.doubleValue());
        }
    }
}
