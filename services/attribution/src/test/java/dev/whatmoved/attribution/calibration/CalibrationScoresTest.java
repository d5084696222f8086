package dev.whatmoved.attribution.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import java.time.Instant;
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

        assertThat(report.counts()).isEqualTo(new CalibrationReport.Counts(6, 3, 1, 1, 1, 1, 0));
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
    void aPredictionCommittedAfterItsFeatureShippedIsListedFlaggedAndNotScored() {
        CalibrationReport report = Calibration.score(List.of(
                record("a", "up", 5.0, 3.0, 8.0, 0.8, "moved-as-predicted", 4.0),
                record("late", "up", 5.0, 3.0, 8.0, 0.9, "moved-as-predicted", 5.0, Flag.COMMITTED_AFTER_SHIP),
                record("late-dull", "up", 5.0, null, null, 0.9, "inconclusive", 0.1, Flag.COMMITTED_AFTER_SHIP),
                record(
                        "both",
                        "up",
                        5.0,
                        null,
                        null,
                        0.9,
                        "moved-opposite",
                        -3.0,
                        Flag.COMMITTED_AFTER_SHIP,
                        Flag.AMENDED_AFTER_SHIP)));

        // scored: a only; the late ones neither scored nor counted as inconclusive; "both" counts as amended
        assertThat(report.counts()).isEqualTo(new CalibrationReport.Counts(4, 1, 0, 0, 0, 1, 2));
        // a hit with 0.8: had "late" (0.9, a hit) been scored the Brier score would be (0.04 + 0.01) / 2
        assertThat(report.brierScore()).isCloseTo(0.04, within(1e-12));
        assertThat(report.directionHitRate()).isEqualTo(1.0);
        assertThat(report.reliability()).hasSize(1);
        assertThat(report.predictions())
                .filteredOn(TrackRecord::committedAfterShip)
                .extracting(TrackRecord::featureKey)
                .containsExactly("late", "late-dull", "both");
        assertThat(report.predictions())
                .filteredOn(TrackRecord::scored)
                .extracting(TrackRecord::featureKey)
                .containsExactly("a");
    }

    @Test
    void aPredictionIsCommittedAfterShipWhenAReleaseOfItsFeatureWasReportedBeforeItsCommitment() {
        Instant deployed = Instant.parse("2026-10-05T12:00:00Z");
        Feature feature = new Feature();
        feature.key = "f";
        feature.committedAt = Instant.parse("2026-10-08T09:00:00Z");
        Prediction first = prediction(1, Instant.parse("2026-10-08T09:00:00Z"));

        // reported as it was deployed, three days before the commitment
        Release reported = release(deployed, deployed.plusSeconds(5));
        assertThat(shipFlag(feature, first, reported)).isTrue();
        // the same deployment replayed (reported backdated) after the commitment: the prediction came first
        Release replayed = release(deployed, Instant.parse("2026-10-09T10:00:00Z"));
        assertThat(shipFlag(feature, first, replayed)).isFalse();
        // a release attribution stored before it recorded receptions: unknown, not flagged
        assertThat(shipFlag(feature, first, release(deployed, null))).isFalse();
        // a later version was first committed with the feature: its own recording time (an amendment) does not count
        Prediction amended = prediction(2, Instant.parse("2026-10-20T09:00:00Z"));
        assertThat(shipFlag(feature, amended, replayed)).isFalse();
        // a prediction the feature gained by an amendment after the release was reported
        Prediction added = prediction(1, Instant.parse("2026-10-09T11:00:00Z"));
        feature.committedAt = Instant.parse("2026-10-01T09:00:00Z");
        assertThat(shipFlag(feature, added, replayed)).isTrue();
    }

    private static boolean shipFlag(Feature feature, Prediction prediction, Release release) {
        List<TrackRecord> records =
                new TrackRecords(List.of(release), List.of(), List.of()).of(List.of(feature), List.of(prediction));
        assertThat(records).hasSize(1);
        return records.get(0).committedAfterShip();
    }

    private static Prediction prediction(int version, Instant recordedAt) {
        Prediction p = new Prediction();
        p.featureKey = "f";
        p.number = 1;
        p.version = version;
        p.metric = "m";
        p.direction = "up";
        p.expectedChangePct = 5.0;
        p.confidence = 0.7;
        p.horizonDays = 30;
        p.recordedAt = recordedAt;
        return p;
    }

    private static Release release(Instant deployedAt, Instant receivedAt) {
        Release r = new Release();
        r.id = UUID.randomUUID();
        r.service = "s";
        r.version = "1";
        r.environment = "production";
        r.deployedAt = deployedAt;
        r.features = new String[] {"f"};
        r.receivedAt = receivedAt;
        return r;
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
        AMENDED_AFTER_SHIP,
        COMMITTED_AFTER_SHIP
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
                marked.contains(Flag.COMMITTED_AFTER_SHIP),
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
