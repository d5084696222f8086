package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Metric;
import dev.whatmoved.local.demo.Scenario.Release;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replay's two waits, polling once a second until a deadline: until the metrics service has every point and
 * attribution has taken every rollup event (before the releases go out), and until attribution has measured every
 * checkpoint of every measured release (the end of the replay).
 */
final class ReplayWaits {

    /** Attribution's consumer group of rollup events. */
    static final String ROLLUP_GROUP = "whatmoved-attribution.metric-rollups";

    private final Scenario scenario;
    private final MetricsClient metrics;
    private final AttributionClient attribution;
    private final String kafkaBootstrap;
    private final PrintStream out;
    /** Seconds without a new rollup event (and nothing left to consume) that end the replay: over one round. */
    private final int quietSeconds;

    ReplayWaits(
            Scenario scenario,
            MetricsClient metrics,
            AttributionClient attribution,
            String kafkaBootstrap,
            int quietSeconds,
            PrintStream out) {
        this.scenario = scenario;
        this.metrics = metrics;
        this.attribution = attribution;
        this.kafkaBootstrap = kafkaBootstrap;
        this.quietSeconds = quietSeconds;
        this.out = out;
    }

    /**
     * Waits until the metrics service has every point (each metric's first and last day complete; the last one's may
     * still be on its way through Kafka) and attribution has taken every rollup event, so that each checkpoint is
     * measured once, on complete data.
     */
    void awaitHistory(Duration timeout) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        long perDay = 1;
        for (Metric metric : scenario.metrics()) {
            while (metrics.pointsOn(metric.key(), scenario.dataTo()) < perDay) {
                sleepUntil(deadline, "the metrics service to take every point of " + metric.key());
            }
            long first = metrics.pointsOn(metric.key(), scenario.dataFrom());
            if (first < perDay) {
                throw new LauncherException(
                        "the metrics service has " + first + " of " + perDay + " points of " + metric.key() + " on "
                                + scenario.dataFrom() + ", the first day of its imported history",
                        LauncherException.STARTUP_FAILED);
            }
        }
        try (ConsumerLag lag = new ConsumerLag(kafkaBootstrap);
                TypedTail rollups =
                        new TypedTail(kafkaBootstrap, Topics.METRIC_ROLLUPS, EventType.METRIC_ROLLUP.type())) {
            long published = -1;
            int quiet = 0;
            // no new rollup event for longer than an announcement round, and attribution past the last one, is the
            // end (watermark events keep coming while nothing changes: they do not count)
            while (quiet < quietSeconds) {
                long now = rollups.advance();
                boolean caughtUp = lag.behind(ROLLUP_GROUP, rollups.targets()) == 0;
                quiet = now == published && caughtUp ? quiet + 1 : 0;
                published = now;
                sleepUntil(deadline, "attribution to take the rollup events");
            }
            out.printf(
                    "  rollups     every point in the metrics service, %,d rollup events taken by attribution (%s)%n",
                    published, Replay.seconds(begin));
        }
    }

    /**
     * Waits until every planned checkpoint of every measured release has an outcome and nothing changed for a while.
     *
     * @param releaseIds story id of each release to the id the features service gave it
     */
    Map<String, JsonNode> awaitOutcomes(Duration timeout, Duration settle, Map<String, String> releaseIds) {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        long lastChange = System.nanoTime();
        String lastFingerprint = "";
        long lastReport = 0;
        List<Release> measured = scenario.releases().stream()
                .filter(r -> r.linked() && r.rollsBack().isEmpty())
                .toList();
        while (true) {
            Map<String, JsonNode> outcomes = new LinkedHashMap<>();
            int total = 0;
            int pending = 0;
            int unmeasured = 0; // releases attribution has no outcome of yet
            StringBuilder fingerprint = new StringBuilder();
            for (Release release : measured) {
                JsonNode answer =
                        attribution.outcomes(releaseIds.get(release.id())).orElse(null);
                if (answer == null || answer.path("outcomes").isEmpty()) {
                    unmeasured++;
                    continue;
                }
                outcomes.put(release.id(), answer);
                for (JsonNode outcome : answer.path("outcomes")) {
                    total++;
                    if ("pending".equals(outcome.path("verdict").asText())) {
                        pending++;
                    }
                    fingerprint
                            .append(outcome.path("checkpointDays").asInt())
                            .append(outcome.path("version").asInt());
                }
            }
            if (!fingerprint.toString().equals(lastFingerprint)) {
                lastFingerprint = fingerprint.toString();
                lastChange = System.nanoTime();
            }
            boolean settled = System.nanoTime() - lastChange >= settle.toNanos();
            if (pending == 0 && unmeasured == 0 && settled) {
                out.printf(
                        "  outcomes    %d outcomes of %d releases measured by attribution (%s)%n",
                        total, measured.size(), Replay.seconds(begin));
                return outcomes;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                out.printf(
                        "  outcomes    %d of %d checkpoints measured%s ...%n",
                        total - pending,
                        total,
                        unmeasured == 0 ? "" : " (" + unmeasured + " releases not measured yet)");
                lastReport = System.nanoTime();
            }
            sleepUntil(
                    deadline,
                    "attribution to measure every checkpoint (" + pending + " pending, " + unmeasured
                            + " releases not measured yet)");
        }
    }

    private static void sleepUntil(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new LauncherException("gave up waiting for " + what, LauncherException.STARTUP_FAILED);
        }
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for " + what, e);
        }
    }
}
