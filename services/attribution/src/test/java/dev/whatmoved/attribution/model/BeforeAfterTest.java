package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BeforeAfterTest {

    private static final LocalDate RELEASE = LocalDate.parse("2026-10-01");
    private final BeforeAfter beforeAfter = new BeforeAfter(28);

    @Test
    void comparesTheFullDaysBeforeWithTheFullDaysAfterLeavingOutTheReleaseDayAndToday() {
        Map<LocalDate, Double> daily = new HashMap<>();
        for (int d = 1; d <= 28; d++) {
            daily.put(RELEASE.minusDays(d), 100.0);
        }
        daily.put(RELEASE.minusDays(29), 1_000_000.0); // outside the baseline
        daily.put(RELEASE, 1_000_000.0); // mixed day
        for (int d = 1; d <= 7; d++) {
            daily.put(RELEASE.plusDays(d), 120.0);
        }
        daily.put(RELEASE.plusDays(8), 1_000_000.0); // today, incomplete

        var comparison = beforeAfter.compare(RELEASE, RELEASE.plusDays(8), daily);

        assertThat(comparison.status()).isEqualTo("measured");
        assertThat(comparison.before().days()).isEqualTo(28);
        assertThat(comparison.before().mean()).isEqualTo(100.0);
        assertThat(comparison.before().from()).isEqualTo(RELEASE.minusDays(28));
        assertThat(comparison.after().days()).isEqualTo(7);
        assertThat(comparison.after().mean()).isEqualTo(120.0);
        assertThat(comparison.absoluteChange()).isCloseTo(20.0, within(1e-9));
        assertThat(comparison.relativeChange()).isCloseTo(0.2, within(1e-9));
    }

    @Test
    void missingDaysAreMissingDataNotZeros() {
        Map<LocalDate, Double> daily =
                Map.of(RELEASE.minusDays(3), 10.0, RELEASE.minusDays(1), 20.0, RELEASE.plusDays(2), 30.0);

        var comparison = beforeAfter.compare(RELEASE, RELEASE.plusDays(5), daily);

        assertThat(comparison.before().days()).isEqualTo(2);
        assertThat(comparison.before().mean()).isEqualTo(15.0);
        assertThat(comparison.after().mean()).isEqualTo(30.0);
    }

    @Test
    void isPendingUntilAFullDayHasPassedAndSaysWhenAWindowHasNoData() {
        assertThat(beforeAfter.compare(RELEASE, RELEASE.plusDays(1), Map.of()).status())
                .isEqualTo("pending");
        var noBaseline = beforeAfter.compare(RELEASE, RELEASE.plusDays(3), Map.of(RELEASE.plusDays(1), 5.0));
        assertThat(noBaseline.status()).isEqualTo("insufficient-data");
        assertThat(noBaseline.absoluteChange()).isNull();
    }

    @Test
    void leavesTheRelativeChangeOutWhenTheBaselineIsZero() {
        var comparison = beforeAfter.compare(
                RELEASE, RELEASE.plusDays(3), Map.of(RELEASE.minusDays(1), 0.0, RELEASE.plusDays(1), 4.0));
        assertThat(comparison.absoluteChange()).isEqualTo(4.0);
        assertThat(comparison.relativeChange()).isNull();
    }
}
