package dev.whatmoved.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.console.client.Outcome;
import org.junit.jupiter.api.Test;

/** The outcome diagnostics in words: what the pages say of early reads, placebo calibration, scale and spikes. */
class DiagnosticsTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void decisionLevelsReadWithTwoSignificantDigits() {
        assertThat(Diagnostics.significant(0.0020 * 100, 2)).isEqualTo("0.2");
        assertThat(Diagnostics.significant(0.00033 * 100, 2)).isEqualTo("0.033");
        assertThat(Diagnostics.significant(0.0076 * 100, 2)).isEqualTo("0.76");
        assertThat(Diagnostics.significant(0.033 * 100, 2)).isEqualTo("3.3");
        assertThat(Diagnostics.significant(0.05 * 100, 2)).isEqualTo("5");
        assertThat(Diagnostics.significant(Double.NaN, 2)).isEqualTo("–");
        assertThat(Diagnostics.decimals(1.2000000000000002)).isEqualTo("1.2");
        assertThat(Diagnostics.decimals(0.35)).isEqualTo("0.35");
    }

    @Test
    void anEarlyReadSaysItsLookAndLevel() throws Exception {
        Outcome outcome = json.readValue(
                "{\"sequential\":{\"look\":3,\"looks\":[1,7,14,30],\"decisionAlpha\":0.0031,\"earlyRead\":true}}",
                Outcome.class);

        assertThat(Diagnostics.earlyRead(outcome)).isTrue();
        assertThat(Diagnostics.earlyReadTitle(outcome))
                .startsWith("interim checkpoint (look 3 of 4): decided at α = 0.31 %, stricter than the final look,"
                        + " so that four looks together call a release that changed nothing 'moved' at most 5 % of"
                        + " the time.");
    }

    @Test
    void anOutcomeWithoutTheFieldsSaysNothing() throws Exception {
        for (String outcome : new String[] {
            "{}",
            "{\"sequential\":null,\"placebo\":null,\"outliers\":null,\"model\":null}",
            "{\"sequential\":{\"look\":6,\"looks\":[1,7,14,30,60,90],\"decisionAlpha\":0.033,\"earlyRead\":false},"
                    + "\"outliers\":[],\"model\":{\"components\":[\"level\"]}}"
        }) {
            Outcome node = json.readValue(outcome, Outcome.class);
            assertThat(Diagnostics.earlyRead(node)).as(outcome).isFalse();
            assertThat(Diagnostics.lines(node)).as(outcome).isEmpty();
        }
        assertThat(Diagnostics.earlyRead(null)).isFalse();
    }

    @Test
    void thePlaceboCalibrationInPlainWords() throws Exception {
        assertThat(Diagnostics.placebo(
                        placebo("{\"dates\":24,\"excludedZero\":3,\"expected\":1.2,\"factor\":1.35,\"note\":null}")))
                .isEqualTo("calibrated at 24 placebo dates in the metric's history: 3 of 24 intervals excluded zero"
                        + " (1.2 expected), interval widened ×1.35");
        assertThat(Diagnostics.placebo(
                        placebo("{\"dates\":7,\"excludedZero\":0,\"expected\":0.35,\"factor\":1.0,\"note\":null}")))
                .isEqualTo("calibrated at 7 placebo dates in the metric's history: 0 of 7 intervals excluded zero"
                        + " (0.35 expected), interval not widened");
        assertThat(Diagnostics.placebo(placebo(
                        "{\"dates\":0,\"excludedZero\":0,\"expected\":0,\"factor\":1,\"note\":\"history too short\"}")))
                .isEqualTo("no placebo calibration: history too short");
        assertThat(Diagnostics.placebo(placebo("{\"dates\":0}")))
                .isEqualTo("no placebo calibration: the interval is the model's own");
    }

    @Test
    void theScaleAndItsWeight() throws Exception {
        assertThat(Diagnostics.scale(model(
                        "{\"scale\":\"multiplicative\",\"scaleWeights\":{\"additive\":0.2,\"multiplicative\":0.8}}")))
                .isEqualTo("multiplicative model (80 %)");
        assertThat(Diagnostics.scale(model("{\"scale\":\"additive\"}"))).isEqualTo("additive model");
        assertThat(Diagnostics.scale(model("{\"components\":[]}"))).isNull();
    }

    @Test
    void manySpikesAreCountedAndAllAreInTheTitle() throws Exception {
        Outcome outcome = json.readValue(
                "{\"outliers\":[\"2026-10-01\",\"2026-10-02\",\"2026-10-03\",\"2026-10-04\","
                        + "\"2026-10-05\",\"2026-10-06\",\"2026-10-07\"]}",
                Outcome.class);

        Diagnostics.Line line = Diagnostics.lines(outcome).get(0);
        assertThat(line.kind()).isEqualTo("outliers");
        assertThat(line.text())
                .isEqualTo("7 history days set aside as spikes: 2026-10-01, 2026-10-02, 2026-10-03, 2026-10-04,"
                        + " 2026-10-05 and 2 more");
        assertThat(line.title()).contains("2026-10-07");
    }

    private Outcome.Placebo placebo(String answer) throws Exception {
        return json.readValue(answer, Outcome.Placebo.class);
    }

    private Outcome.Model model(String answer) throws Exception {
        return json.readValue(answer, Outcome.Model.class);
    }
}
