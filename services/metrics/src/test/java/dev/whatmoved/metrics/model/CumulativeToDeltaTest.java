package dev.whatmoved.metrics.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.metrics.model.CumulativeToDelta.State;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaTest {

    private static final long S = 1_000_000_000L;
    private static final long START = 1_000_000 * S;

    @Test
    void eachTotalGivesItsIncreaseOverThePreviousOne() {
        var first = CumulativeToDelta.next(null, new State(START, START + 60 * S, 100, 1), true);
        assertThat(first.delta()).isEqualTo(100); // started a minute ago: all of it is new
        var second = CumulativeToDelta.next(first.state(), new State(START, START + 120 * S, 130, 1), true);
        assertThat(second.delta()).isEqualTo(30);
        var repeat = CumulativeToDelta.next(second.state(), new State(START, START + 120 * S, 130, 1), true);
        assertThat(repeat.delta()).isNull();
        assertThat(repeat.state()).isEqualTo(second.state());
    }

    @Test
    void aRestartOrADropStartsCountingFromZero() {
        State before = new State(START, START + 600 * S, 500, 10);
        var restarted = CumulativeToDelta.next(before, new State(START + 700 * S, START + 760 * S, 20, 2), true);
        assertThat(restarted.delta()).isEqualTo(20);
        assertThat(restarted.count()).isEqualTo(2);
        var reset = CumulativeToDelta.next(before, new State(START, START + 660 * S, 3, 11), true);
        assertThat(reset.delta()).isEqualTo(3);
        var upDown = CumulativeToDelta.next(before, new State(START, START + 660 * S, 450, 11), false);
        assertThat(upDown.delta()).isEqualTo(-50);
        var stale = CumulativeToDelta.next(before, new State(START - 600 * S, START, 40, 1), true);
        assertThat(stale.delta()).isNull();
    }

    @Test
    void theFirstTotalOfALongRunningSeriesIsOnlyTheBaseline() {
        var first = CumulativeToDelta.next(null, new State(START, START + 30 * 86_400 * S, 1_000_000, 1), true);
        assertThat(first.delta()).isNull();
        var next = CumulativeToDelta.next(
                first.state(), new State(START, START + 30 * 86_400 * S + 60 * S, 1_000_050, 1), true);
        assertThat(next.delta()).isEqualTo(50);
    }
}
