package dev.whatmoved.attribution.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RollupValueTest {

    @Test
    void aRatioIsTheRatioOfSumsNotTheSum() {
        // 30 conversions of 600 sessions: 5 %
        assertThat(RollupValue.of("ratio", 30, 24, 600.0, null)).isEqualTo(0.05);
        assertThat(RollupValue.of(null, 30, 24, 600.0, null)).isEqualTo(0.05);
        assertThat(RollupValue.of("ratio", 30, 24, 0.0, null)).isNull();
    }

    @Test
    void eachAggregationHasItsOwnValue() {
        assertThat(RollupValue.of("sum", 120, 4, null, 7.0)).isEqualTo(120);
        assertThat(RollupValue.of("count", 120, 4, null, 7.0)).isEqualTo(4);
        assertThat(RollupValue.of("mean", 120, 4, null, 7.0)).isEqualTo(30);
        assertThat(RollupValue.of("last", 120, 4, null, 7.0)).isEqualTo(7);
        assertThat(RollupValue.of(null, 120, 4, null, 7.0)).isEqualTo(120);
    }

    @Test
    void theLabelSaysWhatWasAnalysed() {
        assertThat(RollupValue.label("hourly", "ratio", true)).isEqualTo("hourly ratio of sums");
        assertThat(RollupValue.label("daily", null, false)).isEqualTo("daily sum");
        assertThat(RollupValue.label("daily", "mean", false)).isEqualTo("daily mean");
    }
}
