package dev.whatmoved.attribution.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CalibrationScoresTest {

    private static final LocalDate SHIPPED = LocalDate.parse("2026-10-05");

    @Test
    void scoresOnlyPredictionsWithAVerdictThatSaysSomethingAndCountsTheRest() {
        CalibrationReport report = Calibration.score(List.of(
                record("a", "up", 5.0, 3.0, 8.0, 0.8, "moved-as-predicted", 4.0),
                record("b", "up", 5.0, null, null, 0.7, "moved-opposite", -2.0),
                record("c", "down", 10.0, 5.0, 15.0, 0.6, "no-detectable-change", -0.5),
                record("d", "up", 3.0, null, null, 0.9, "inconclusive", 1.0),
                record("e", "up", 3.0, null, null, 0.9, "pending", null),
                record("f", "up", 3.0, null, null, 0.9, "moved-as-predicted", 3.0, Flag.AMENDED_AFTER_SHIP),
                record("g", "down", null, null, null, 0.6, "no-detectable-change", 0.1, Flag.GUARDRAIL)));

        assertThat(report.counts()).isEqualTo(new CalibrationReport.Counts(6, 3, 1, 1, 1, 1));
        // two moved, one of them the predicted way
        assertThat(report.directionHitRate()).isEqualTo(0.5);
        // (0.8-1)^2 + (0.7-0)^2 + (0.6-0)^2, over three
        assertThat(report.brierScore()).isCloseTo((0.04 + 0.49 + 0.36) / 3, within(1e-12));
        // |predicted| / |measured|: 5/4, 5/2, 10/0.5 -> median 2.5
        assertThat(report.medianPredictedToMeasured()).isCloseTo(2.5, within(1e-12));
        // a: +4 in [3, 8]; c: a fall of 0.5 % against a stated fall of 5 to 15 % -> outside
        assertThat(report.rangeCoverage()).isEqualTo(0.5);
        assertThat(report.predictions())
                .extracting(TrackRecord::featureKey)
                .containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void reliabilityBinsCompareStatedConfidenceWithHowOftenItCameTrue() {
        CalibrationReport report = Calibration.score(List.of(
                record("a", "up", 5.0, null, null, 0.9, "moved-as-predicted", 5.0),
                record("b", "up", 5.0, null, null, 0.95, "no-detectable-change", 0.1),
                record("c", "up", 5.0, null, null, 0.6, "moved-as-predicted", 5.0),
                record("d", "up", 5.0, null, null, 1.0, "moved-as-predicted", 5.0)));

        assertThat(report.reliability())
                .containsExactly(
                        new CalibrationReport.ReliabilityBin(0.6, 0.7, 0.6, 1.0, 1),
                        new CalibrationReport.ReliabilityBin(0.9, 1.0, (0.9 + 0.95 + 1.0) / 3, 2 / 3.0, 3));
    }

    @Test
    void nothingScoredGivesNoScoresRatherThanZeros() {
        CalibrationReport report = Calibration.score(List.of(record("a", "up", 5.0, 1.0, 9.0, 0.8, "pending", null)));

        assertThat(report.directionHitRate()).isNull();
        assertThat(report.brierScore()).isNull();
        assertThat(report.medianPredictedToMeasured()).isNull();
        assertThat(report.rangeCoverage()).isNull();
        assertThat(report.reliability()).isEmpty();
        assertThat(report.counts().pending()).isEqualTo(1);
    }

    /** What keeps a prediction out of the scores. */
    enum Flag {
        GUARDRAIL,
        AMENDED_AFTER_SHIP
    }

    static TrackRecord record(
            String key,
            String direction,
            Double expected,
            Double low,
            Double high,
            Double confidence,
            String verdict,
            Double measured,
            Flag... flags) {
        List<Flag> marked = List.of(flags);
        return new TrackRecord(
                key,
                "title " + key,
                "growth",
                "alice",
                1,
                "metric-" + key,
                direction,
                expected,
                low,
                high,
                confidence,
                marked.contains(Flag.GUARDRAIL),
                marked.contains(Flag.AMENDED_AFTER_SHIP),
                SHIPPED,
                UUID.nameUUIDFromBytes(key.getBytes()),
                measured == null ? null : 14,
                verdict,
                measured,
                measured == null ? null : measured - 1,
                measured == null ? null : measured + 1,
                false);
    }
}
