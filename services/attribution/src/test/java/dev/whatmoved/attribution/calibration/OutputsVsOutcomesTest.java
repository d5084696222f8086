package dev.whatmoved.attribution.calibration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.attribution.domain.Release;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutputsVsOutcomesTest {

    @Test
    void countsReleasesPerTeamOfTheirFeaturesAndVerdictsPerQuarterOfShipping() {
        Release growthSep = release("2026-09-30T23:00:00Z", "one-click");
        Release growthOct = release("2026-10-01T08:00:00Z", "one-click", "search-v2");
        Release rolledBack = release("2026-10-03T08:00:00Z", "search-v2");
        Release unlinked = release("2026-10-04T08:00:00Z");
        Release rollbackDeployment = release("2026-10-03T09:00:00Z");
        rollbackDeployment.rollbackOf = rolledBack.id;
        Map<String, String> teams = Map.of("one-click", "growth", "search-v2", "search");

        List<OutputsVsOutcomes.Row> rows = OutputsVsOutcomes.count(
                Period.QUARTER,
                List.of(growthSep, growthOct, rolledBack, unlinked, rollbackDeployment),
                Set.of(rolledBack.id),
                teams,
                List.of(
                        shipped("one-click", "growth", "2026-09-30", "moved-as-predicted"),
                        shipped("one-click", "growth", "2026-09-30", "no-detectable-change"),
                        shipped("search-v2", "search", "2026-10-01", "moved-opposite"),
                        shipped("search-v2", "search", "2026-10-01", "pending")));

        assertThat(rows)
                .containsExactly(
                        row("growth", "2026-Q4", "2026-10-01", "2026-12-31", 0, 1, 0, 0, 0, 0, 0, 0, 0),
                        row("search", "2026-Q4", "2026-10-01", "2026-12-31", 1, 2, 1, 2, 0, 1, 0, 0, 1),
                        row(null, "2026-Q4", "2026-10-01", "2026-12-31", 0, 1, 0, 0, 0, 0, 0, 0, 0),
                        row("growth", "2026-Q3", "2026-07-01", "2026-09-30", 1, 1, 0, 2, 1, 0, 1, 0, 0));
    }

    @Test
    void monthsAreLabelledByTheirFirstDay() {
        assertThat(Period.MONTH.label(LocalDate.parse("2026-11-24"))).isEqualTo("2026-11");
        assertThat(Period.MONTH.end(LocalDate.parse("2028-02-10"))).isEqualTo("2028-02-29");
        assertThat(Period.QUARTER.start(LocalDate.parse("2026-06-30"))).isEqualTo("2026-04-01");
    }

    private static Release release(String at, String... features) {
        Release release = new Release();
        release.id = UUID.randomUUID();
        release.service = "checkout";
        release.version = at;
        release.environment = "production";
        release.deployedAt = Instant.parse(at);
        release.features = features;
        return release;
    }

    private static TrackRecord shipped(String feature, String team, String day, String verdict) {
        return new TrackRecord(
                feature,
                feature,
                team,
                "alice",
                1,
                "m",
                "up",
                5.0,
                null,
                null,
                0.7,
                false,
                false,
                false,
                LocalDate.parse(day),
                UUID.randomUUID(),
                14,
                verdict,
                1.0,
                0.5,
                1.5,
                false);
    }

    private static OutputsVsOutcomes.Row row(String team, String period, String from, String to, int... counts) {
        return new OutputsVsOutcomes.Row(
                team,
                period,
                LocalDate.parse(from),
                LocalDate.parse(to),
                counts[0],
                counts[1],
                counts[2],
                counts[3],
                counts[4],
                counts[5],
                counts[6],
                counts[7],
                counts[8]);
    }
}
