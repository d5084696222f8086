package dev.whatmoved.metrics.pull.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Which evaluations a Prometheus pull asks for, and the retention strings of the status API. */
class PullWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final UnaryOperator<Instant> DAY_START =
            t -> t.atZone(BERLIN).toLocalDate().atStartOfDay(BERLIN).toInstant();

    @Test
    void aPullStartsAtTheReportingDaysStartAndEndsAtTheLastStepThatHasEnded() {
        Instant now = Instant.parse("2026-12-06T10:07:30Z");
        PullWindow window = PullWindow.of(Instant.parse("2026-12-06T09:55:00Z"), now, Duration.ofMinutes(5), DAY_START);

        assertThat(window.from()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z")); // midnight in Berlin
        assertThat(window.end()).isEqualTo(Instant.parse("2026-12-06T10:05:00Z"));
        RangeQuery query = window.query("up");
        assertThat(query.start()).isEqualTo(Instant.parse("2026-12-05T23:05:00Z"));
        assertThat(query.points()).isEqualTo(133); // 11 h 5 min in steps of 5 min
    }

    @Test
    void beforeTheFirstStepHasEndedThereIsNothingToPull() {
        Instant midnight = Instant.parse("2026-12-05T23:00:00Z");
        assertThat(PullWindow.of(midnight, midnight.plusSeconds(3599), Duration.ofHours(1), DAY_START)
                        .isEmpty())
                .isTrue();
        assertThat(PullWindow.of(midnight, midnight.plusSeconds(3600), Duration.ofHours(1), DAY_START)
                        .isEmpty())
                .isFalse();
    }

    @Test
    void aLongBackfillStopsAtAWholeDayUnderTheStepsOfOnePull() {
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        // a year at 1 minute is 525,600 steps: one pull takes whole days up to 100,000 steps (69 days)
        PullWindow window = PullWindow.of(now.minus(Duration.ofDays(365)), now, Duration.ofMinutes(1), DAY_START);
        assertThat(Duration.between(window.from(), window.end())).isEqualTo(Duration.ofDays(69));
        assertThat(window.end()).isEqualTo(DAY_START.apply(window.end()));
        // at 1 s a day is 86,400 steps: one day per pull
        PullWindow seconds = PullWindow.of(now.minus(Duration.ofDays(3)), now, Duration.ofSeconds(1), DAY_START);
        assertThat(Duration.between(seconds.from(), seconds.end())).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void rangesOverTheServersLimitAreSplitWithoutGapOrRepeat() {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        RangeQuery query = new RangeQuery("up", start, start.plus(Duration.ofSeconds(25_000)), Duration.ofSeconds(1));
        var parts = query.parts(10_000);
        assertThat(parts).hasSize(3);
        assertThat(parts.stream().mapToLong(RangeQuery::points).sum()).isEqualTo(query.points());
        for (int i = 1; i < parts.size(); i++) {
            assertThat(parts.get(i).start()).isEqualTo(parts.get(i - 1).end().plusSeconds(1));
        }
        assertThat(parts.get(2).end()).isEqualTo(query.end());
    }

    @Test
    void theRetentionIsReadFromTheStatusApi() {
        assertThat(PrometheusDurations.retention("15d")).contains(Duration.ofDays(15));
        assertThat(PrometheusDurations.retention("1y2w")).contains(Duration.ofDays(379));
        assertThat(PrometheusDurations.retention("30d or 10GiB")).contains(Duration.ofDays(30));
        assertThat(PrometheusDurations.retention("10GiB")).isEmpty();
        assertThat(PrometheusDurations.promql(Duration.ofHours(1))).isEqualTo("3600s");
    }
}
