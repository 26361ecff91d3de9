package dev.bellwether.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.junit.jupiter.api.Test;

import dev.bellwether.health.Component;
import dev.bellwether.health.HealthModel;
import dev.bellwether.health.Measure;

/** The editor's form: a segment's weights survive the trip through a browser, whatever the segment's text. */
class ModelFormTest {

    @Test
    void aSegmentWithALineBreakKeepsItsWeightsThoughTheBrowserPostsItsFieldsWithCrLf() {
        String segment = "North\nAmerica";
        HealthModel defaults = HealthModel.defaults();
        Map<Component, Double> weights = Map.of(Component.USAGE, 10.0, Component.ENGAGEMENT, 20.0,
                Component.OUTCOMES, 30.0, Component.FINANCIAL, 40.0);
        HealthModel model = new HealthModel(defaults.weights(), defaults.measures(), defaults.bands(),
                defaults.alerts(), Map.of(segment, weights));
        // what the page shows, posted as a browser posts it: every line break in a name as CR LF
        ModelForm shown = ModelForm.of(model, List.of(segment));
        MultivaluedMap<String, String> posted = modelFields(shown);
        posted.add("s.North\r\nAmerica.on", "on");
        for (Component component : Component.values()) {
            posted.add("s.North\r\nAmerica." + component.key(), shown.value("s." + segment + "." + component.key()));
        }
        ModelForm.Draft draft = ModelForm.of(posted, List.of(segment)).modelDraft(model);
        assertEquals(List.of(), draft.problems());
        assertEquals(model, draft.model(), "the segment's weights came back: nothing changes");
    }

    /**
     * With JavaScript the page sends a segment's weights only while its box is ticked (a few hundred segments would
     * be more fields than a form may hold): the others come back showing the draft's default weights, and count as
     * using them.
     */
    @Test
    void aSegmentWhoseWeightsWereNotSentShowsTheDraftsDefaultWeights() {
        HealthModel model = HealthModel.defaults();
        ModelForm shown = ModelForm.of(model, List.of("SMB", "Enterprise"));
        MultivaluedMap<String, String> posted = modelFields(shown);
        posted.putSingle("w.usage", "35");
        posted.putSingle("w.outcomes", "25");
        ModelForm form = ModelForm.of(posted, List.of("SMB", "Enterprise"));
        assertEquals("35", form.value("s.SMB.usage"));
        assertEquals("25", form.value("s.Enterprise.outcomes"));
        assertEquals(shown.value("w.engagement"), form.value("s.SMB.engagement"));
        assertEquals("", form.value("s.SMB.on"));
        ModelForm.Draft draft = form.modelDraft(model);
        assertEquals(Map.of(), draft.model().segmentWeights());
        assertEquals(35.0, draft.model().weights().get(Component.USAGE));

        // another admin gave SMB its own weights meanwhile: carried over, this draft's defaults are not put there
        Map<Component, Double> own = Map.of(Component.USAGE, 10.0, Component.ENGAGEMENT, 20.0,
                Component.OUTCOMES, 30.0, Component.FINANCIAL, 40.0);
        HealthModel theirs = new HealthModel(model.weights(), model.measures(), model.bands(), model.alerts(),
                Map.of("SMB", own));
        List<String> clashes = new java.util.ArrayList<>();
        ModelForm rebased = form.rebasedOn(java.util.Optional.of(model), theirs, 2,
                m -> ModelForm.of(m, List.of("SMB", "Enterprise")), clashes);
        assertEquals(List.of(), clashes);
        assertEquals("on", rebased.value("s.SMB.on"));
        assertEquals("10", rebased.value("s.SMB.usage"));
        assertEquals("35", rebased.value("w.usage"));
        assertEquals(Map.of("SMB", own), rebased.modelDraft(theirs).model().segmentWeights());
    }

    /** The fields of the default weights, the measures and the bands as the page shows {@code shown}. */
    private static MultivaluedMap<String, String> modelFields(ModelForm shown) {
        MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
        for (String field : List.of("w.usage", "w.engagement", "w.outcomes", "w.financial", "b.healthy", "b.atRisk")) {
            posted.add(field, shown.value(field));
        }
        for (Measure measure : Measure.values()) {
            for (String part : List.of("component", "poor", "good", "missing")) {
                posted.add("m." + measure.key() + "." + part, shown.value("m." + measure.key() + "." + part));
            }
        }
        return posted;
    }

    /** The total never reads 100.0 for weights that do not make 100, nor a sum with floating-point dust. */
    @Test
    void theTotalShowsAsManyDecimalsAsItTakesNotToReadOneHundredWhenItIsNot() {
        assertEquals("70.0", total("40", "10", "10", "10"));
        assertEquals("100.0", total("40", "25", "20", "15"));
        assertEquals("100.0", total("33.3", "33.3", "33.4", "0"));
        assertEquals("99.96", total("40", "25", "20", "14.96"));
        assertEquals("100.04", total("40", "25", "20", "15.04"));
        assertEquals("—", total("40", "abc", "20", "15"));
        assertEquals("99.9", HealthModel.sum(33.3 + 33.3 + 33.3), "the server's message: not 99.89999999999999");
        assertEquals("70", HealthModel.sum(70));
        assertEquals("99.999999", HealthModel.sum(99.999999));
    }

    private static String total(String usage, String engagement, String outcomes, String financial) {
        MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
        posted.add("w.usage", usage);
        posted.add("w.engagement", engagement);
        posted.add("w.outcomes", outcomes);
        posted.add("w.financial", financial);
        return ModelForm.of(posted, List.of()).weightSumText("w.");
    }
}
