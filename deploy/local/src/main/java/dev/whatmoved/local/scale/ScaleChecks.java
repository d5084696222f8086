package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The scale-out proof's checks once everything is durable and attribution has settled, each reported as it is made:
 * every rollup bucket exact through the series API ({@link RollupCheck}), every due outcome exactly once in the
 * database, the API and on the topic ({@link OutcomeCheck}).
 */
final class ScaleChecks {

    /** Mismatches and problems printed at most, each. */
    private static final int LISTED = 50;

    private final Api api;
    private final ExpectedRollups expected;
    private final ScaleLog log;

    ScaleChecks(Api api, ExpectedRollups expected, ScaleLog log) {
        this.api = api;
        this.expected = expected;
        this.log = log;
    }

    /** Every rollup bucket of the last {@code historyDays} (and a day either side) read through {@code metricsUrl}. */
    RollupCheck.Outcome rollups(URI metricsUrl, int historyDays) {
        LocalDate today = RollupCheck.today();
        log.log("checking every rollup bucket through the series API");
        RollupCheck.Outcome rollups =
                new RollupCheck(api, metricsUrl).check(expected, today.minusDays(historyDays + 1L), today.plusDays(1));
        log.log(
                "%d series, %d buckets, %,d points: %d buckets differ",
                rollups.series(),
                rollups.buckets(),
                expected.points(),
                rollups.mismatches().size());
        rollups.mismatches().stream().limit(LISTED).forEach(m -> log.log("  MISMATCH %s", m));
        return rollups;
    }

    /** The outcomes of the {@code posted} releases, read from attribution ({@code attributionUrl}) and the topic. */
    OutcomeCheck.Outcome outcomes(
            Db attributionDb, URI attributionUrl, Broker broker, List<OutcomeCheck.PostedRelease> posted) {
        log.log("checking the outcomes (database, API, %s)", Topics.OUTCOMES);
        OutcomeCheck.Outcome outcomes =
                new OutcomeCheck(attributionDb, api, attributionUrl, broker).check(posted, Instant.now());
        log.log(
                "%d expected outcomes, %d outcome versions in the database, %d outcome events on the topic"
                        + " (%d redelivered copies with the same event id), %d problems",
                outcomes.expectedOutcomes(),
                outcomes.versions(),
                outcomes.events(),
                outcomes.redeliveredCopies(),
                outcomes.problems().size());
        outcomes.problems().stream().limit(LISTED).forEach(p -> log.log("  PROBLEM %s", p));
        return outcomes;
    }
}
