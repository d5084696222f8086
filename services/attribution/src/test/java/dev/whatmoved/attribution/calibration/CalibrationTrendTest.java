package dev.whatmoved.attribution.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Calibration over time and against the organisation, on fixtures small enough to check by hand. */
class CalibrationTrendTest {

    private static final String HIT = "moved-as-predicted";
    private static final String OPPOSITE = "moved-opposite";
    private static final String NONE = "no-detectable-change";

    @Test
    void brierScoreAndHitRatePerQuarterShowWhetherATeamLearns() {
        List<TrackRecord> growth = List.of(
                // 2026-Q1: (0.9-1)^2 = 0.01, (0.8-0)^2 = 0.64, (0.6-0)^2 = 0.36 -> Brier 1.01/3; hits 1 of 2 moved
                record("a", "growth", "alice", "2026-01-15", 0.9, HIT),
                record("b", "growth", "alice", "2026-02-01", 0.8, OPPOSITE),
                record("c", "growth", "bob", "2026-03-31", 0.6, NONE),
                // 2026-Q2: (0.7-1)^2 = 0.09, (0.6-1)^2 = 0.16 -> Brier 0.125; hits 2 of 2; one still pending
                record("d", "growth", "alice", "2026-04-01", 0.7, HIT),
                record("e", "growth", "bob", "2026-06-30", 0.6, HIT),
                record("f", "growth", "bob", "2026-05-05", 0.9, "pending"));

        List<CalibrationTrend.Quarter> quarters = CalibrationTrend.quarters(growth);

        assertThat(quarters).extracting(CalibrationTrend.Quarter::quarter).containsExactly("2026-Q1", "2026-Q2");
        assertThat(quarters.get(0).predictions()).isEqualTo(3);
        assertThat(quarters.get(0).scored()).isEqualTo(3);
        assertThat(quarters.get(0).brierScore()).isCloseTo(1.01 / 3, within(1e-12));
        assertThat(quarters.get(0).directionHitRate()).isEqualTo(0.5);
        assertThat(quarters.get(1).predictions()).isEqualTo(3);
        assertThat(quarters.get(1).scored()).isEqualTo(2);
        assertThat(quarters.get(1).brierScore()).isCloseTo(0.125, within(1e-12));
        assertThat(quarters.get(1).directionHitRate()).isEqualTo(1.0);
    }

    @Test
    void theRelativeBrierScoreDividesByTheMedianOfTheOrganisationsTeamsOrOwners() {
        List<TrackRecord> organisation = List.of(
                // growth: (0.9-1)^2 = 0.01, (0.7-0)^2 = 0.49 -> 0.25
                record("a", "growth", "alice", "2026-01-15", 0.9, HIT),
                record("b", "growth", "bob", "2026-01-20", 0.7, NONE),
                // payments: (0.5-1)^2 = 0.25, (0.5-0)^2 = 0.25, (0.9-0)^2 = 0.81 -> 1.31/3
                record("c", "payments", "carol", "2026-02-01", 0.5, HIT),
                record("d", "payments", "carol", "2026-02-02", 0.5, NONE),
                record("e", "payments", "carol", "2026-02-03", 0.9, OPPOSITE),
                // search: (0.8-1)^2 = 0.04
                record("f", "search", "dan", "2026-02-04", 0.8, HIT),
                // not scored: no team of its own in the median
                record("g", "onboarding", "erin", "2026-02-05", 0.8, "pending"));
        List<TrackRecord> growth =
                organisation.stream().filter(r -> r.team().equals("growth")).toList();

        CalibrationReport report = Calibration.score(growth, organisation, false);

        // the teams' Brier scores: 0.04, 0.25, 0.4367 -> median 0.25; growth's 0.25 / 0.25 = 1
        assertThat(report.relative().peers()).isEqualTo("team");
        assertThat(report.relative().peersScored()).isEqualTo(3);
        assertThat(report.relative().medianBrierScore()).isCloseTo(0.25, within(1e-12));
        assertThat(report.relative().relativeBrierScore()).isCloseTo(1.0, within(1e-12));

        // owners: alice 0.01, bob 0.49, carol 1.31/3, dan 0.04 -> median (0.04 + 0.4367) / 2
        List<TrackRecord> alice =
                organisation.stream().filter(r -> r.owner().equals("alice")).toList();
        CalibrationReport byOwner = Calibration.score(alice, organisation, true);
        double median = (0.04 + 1.31 / 3) / 2;
        assertThat(byOwner.relative().peers()).isEqualTo("owner");
        assertThat(byOwner.relative().peersScored()).isEqualTo(4);
        assertThat(byOwner.relative().medianBrierScore()).isCloseTo(median, within(1e-12));
        assertThat(byOwner.relative().relativeBrierScore()).isCloseTo(0.01 / median, within(1e-12));
    }

    @Test
    void theReliabilityBinsCountTheirPredictions() {
        CalibrationReport report = Calibration.score(List.of(
                record("a", "growth", "alice", "2026-01-15", 0.72, HIT),
                record("b", "growth", "alice", "2026-01-16", 0.75, NONE),
                record("c", "growth", "alice", "2026-01-17", 0.78, HIT),
                record("d", "growth", "alice", "2026-01-18", 0.35, OPPOSITE),
                record("e", "growth", "alice", "2026-01-19", 0.75, "pending")));

        assertThat(report.reliability())
                .extracting(CalibrationReport.ReliabilityBin::from, CalibrationReport.ReliabilityBin::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0.3, 1), org.assertj.core.groups.Tuple.tuple(0.7, 3));
        assertThat(report.reliability().get(1).hitRate()).isCloseTo(2 / 3.0, within(1e-12));
    }

    @Test
    void withNothingScoredThereIsNoRelativeScore() {
        CalibrationReport report =
                Calibration.score(List.of(record("a", "growth", "alice", "2026-01-15", 0.7, "pending")));

        assertThat(report.relative().medianBrierScore()).isNull();
        assertThat(report.relative().relativeBrierScore()).isNull();
        assertThat(report.quarters()).singleElement().satisfies(q -> {
            assertThat(q.predictions()).isEqualTo(1);
            assertThat(q.brierScore()).isNull();
        });
    }

    private static TrackRecord record(
            String key, String team, String owner, String shipped, double confidence, String verdict) {
        boolean measured = !"pending".equals(verdict);
        return new TrackRecord(
                key,
                "title " + key,
                team,
                owner,
                1,
                "metric-" + key,
                "up",
                5.0,
                null,
                null,
                confidence,
                false,
                false,
                false,
                LocalDate.parse(shipped),
                UUID.nameUUIDFromBytes(key.getBytes()),
                measured ? 30 : null,
                verdict,
                measured ? 4.0 : null,
                measured ? 3.0 : null,
                measured ? 5.0 : null,
                false);
    }
}
