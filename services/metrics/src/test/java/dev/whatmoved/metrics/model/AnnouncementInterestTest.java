package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.model.AnnouncementInterest.Series;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnouncementInterestTest {

    private static final String SLICE = "{\"country\":\"de\",\"plan\":\"pro\"}";

    @Test
    void nothingDeclaredAnnouncesEverything() {
        assertThat(AnnouncementInterest.NONE.announces("signups", Granularity.HOUR, SLICE))
                .isTrue();
        assertThat(AnnouncementInterest.NONE.passedOver("signups", new Series(Granularity.HOUR, Set.of())))
                .isEmpty();
    }

    @Test
    void aDeclarationForEveryMetricAppliesToEachAndAMetricsOwnAddsToIt() {
        AnnouncementInterest interest = new AnnouncementInterest(Map.of(
                "*", List.of(new Series(Granularity.DAY, Set.of())),
                "signups",
                        List.of(
                                new Series(Granularity.HOUR, Set.of()),
                                new Series(Granularity.HOUR, Set.of("plan", "country")))));

        assertThat(interest.announces("visits", Granularity.DAY, "{}")).isTrue();
        assertThat(interest.announces("visits", Granularity.HOUR, "{}")).isFalse();
        assertThat(interest.announces("visits", Granularity.DAY, SLICE)).isFalse();
        assertThat(interest.announces("signups", Granularity.DAY, "{}")).isTrue();
        assertThat(interest.announces("signups", Granularity.HOUR, "{}")).isTrue();
        assertThat(interest.announces("signups", Granularity.HOUR, SLICE)).isTrue();
        assertThat(interest.announces("signups", Granularity.HOUR, "{\"country\":\"de\"}"))
                .isFalse();
        assertThat(interest.announces("signups", Granularity.DAY, SLICE)).isFalse();
    }

    @Test
    void withoutADeclarationForEveryMetricAnUnnamedMetricKeepsEverything() {
        AnnouncementInterest interest =
                new AnnouncementInterest(Map.of("signups", List.of(new Series(Granularity.DAY, Set.of()))));

        assertThat(interest.announces("visits", Granularity.HOUR, SLICE)).isTrue();
        assertThat(interest.announces("signups", Granularity.HOUR, "{}")).isFalse();
        // declared for every metric now: only the metric whose declaration left it out had its buckets passed over
        assertThat(interest.passedOver("*", new Series(Granularity.HOUR, Set.of())))
                .containsExactly("signups");
        assertThat(interest.passedOver("*", new Series(Granularity.DAY, Set.of())))
                .isEmpty();
        assertThat(AnnouncementInterest.NONE.passedOver("*", new Series(Granularity.DAY, Set.of())))
                .isEmpty();
    }

    @Test
    void aSeriesNewlyDeclaredForEveryMetricIsBackfilledEverywhereOnceOneForEveryMetricExists() {
        AnnouncementInterest interest =
                new AnnouncementInterest(Map.of("*", List.of(new Series(Granularity.DAY, Set.of()))));

        assertThat(interest.passedOver("*", new Series(Granularity.HOUR, Set.of())))
                .containsExactly("*");
        assertThat(interest.passedOver("visits", new Series(Granularity.HOUR, Set.of())))
                .containsExactly("visits");
        assertThat(interest.passedOver("visits", new Series(Granularity.DAY, Set.of())))
                .isEmpty();
    }
}
