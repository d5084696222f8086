package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Metric;
import dev.whatmoved.local.demo.Scenario.Release;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sends the scenario through the front doors, in the order it would have happened: the catalogue and the features
 * with their predictions first (committed before the work), the metric history, then the quarter's deployments as
 * each CI or CD system reports them, and last the amendment made after shipping. Then waits until attribution has
 * measured every checkpoint.
 */
final class Replay {

    /** Attribution's consumer group of rollup events. */
    static final String ROLLUP_GROUP = "whatmoved-attribution.metric-rollups";

    private final Scenario scenario;
    private final FeaturesClient features;
    private final MetricsClient metrics;
    private final AttributionClient attribution;
    private final String kafkaBootstrap;
    private final PrintStream out;
    /** Seconds without a new rollup event (and nothing left to consume) that end the replay: over one round. */
    private final int quietSeconds;

    private final ReleasePayloads payloads = new ReleasePayloads();

    /** Story id of each release to the id the features service gave it. */
    private final Map<String, String> releaseIds = new LinkedHashMap<>();

    Replay(
            Scenario scenario,
            FeaturesClient features,
            MetricsClient metrics,
            AttributionClient attribution,
            String kafkaBootstrap,
            int quietSeconds,
            PrintStream out) {
        this.quietSeconds = quietSeconds;
        this.scenario = scenario;
        this.features = features;
        this.metrics = metrics;
        this.attribution = attribution;
        this.kafkaBootstrap = kafkaBootstrap;
        this.out = out;
    }

    /** What the platform already holds of the scenario. */
    enum State {
        NONE,
        COMPLETE,
        PARTIAL
    }

    /**
     * The amendment after shipping is the replay's last step: once it is there, the whole scenario is (a previous
     * run's); a first feature without it is an interrupted replay.
     */
    State state() {
        Feature last = scenario.amendedAfterShip().get(0);
        JsonNode amended = features.feature(last.key()).orElse(null);
        if (amended != null) {
            for (JsonNode p : amended.path("predictions")) {
                if (p.path("version").asInt() > 1) {
                    return State.COMPLETE;
                }
            }
            return State.PARTIAL;
        }
        return features.feature(scenario.features().get(0).key()).isPresent() ? State.PARTIAL : State.NONE;
    }

    /** Features, metrics and their points; returns how many points were sent. */
    long sendHistory() {
        long begin = System.nanoTime();
        scenario.metrics().forEach(metrics::register);
        for (Feature feature : scenario.features()) {
            features.register(feature);
            features.commit(feature.key());
            feature.amendment().filter(a -> !a.afterShip()).ifPresent(a -> features.amend(feature.key(), a));
        }
        out.printf(
                "  catalogue   %d metrics registered; %d features with %d predictions committed (%s)%n",
                scenario.metrics().size(),
                scenario.features().size(),
                scenario.features().stream()
                        .mapToInt(f -> f.predictions().size())
                        .sum(),
                seconds(begin));

        begin = System.nanoTime();
        long points = 0;
        int records = 0;
        int otlpMetrics = 0;
        // OTLP first: it answers synchronously, so a platform that refuses old points says so before anything else
        for (Metric metric : scenario.metrics()) {
            if (metric.feed() == Scenario.Feed.OTLP) {
                points += metrics.exportOtlp(metric, serviceOf(metric), MetricSeries.points(scenario, metric));
                otlpMetrics++;
            }
        }
        try (PointsProducer producer = new PointsProducer(kafkaBootstrap)) {
            for (Metric metric : scenario.metrics()) {
                if (metric.feed() == Scenario.Feed.KAFKA) {
                    List<MetricSeries.Point> series = MetricSeries.points(scenario, metric);
                    records += producer.send(metric.key(), series);
                    points += series.size();
                }
            }
        }
        out.printf(
                "  points      %,d points of %d metrics, %s to %s: %d metrics over OTLP/HTTP, %d in %,d Kafka records"
                        + " (%s)%n",
                points,
                scenario.metrics().size(),
                scenario.dataFrom(),
                scenario.dataTo(),
                otlpMetrics,
                scenario.metrics().size() - otlpMetrics,
                records,
                seconds(begin));
        return points;
    }

    /**
     * Waits until the metrics service has every point (each metric's first and last day complete) and attribution
     * has taken every rollup event, so that each checkpoint is measured once, on complete data.
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
                                + scenario.dataFrom() + "; see " + Topics.deadLetter(Topics.METRIC_POINTS)
                                + MetricsClient.tooOldHint("old"),
                        LauncherException.STARTUP_FAILED);
            }
        }
        try (ConsumerLag lag = new ConsumerLag(kafkaBootstrap)) {
            long published = -1;
            int quiet = 0;
            // no new rollup event for longer than an announcement round, and nothing left to consume, is the end
            while (quiet < quietSeconds) {
                long now = lag.endOffsets(Topics.METRIC_ROLLUPS);
                boolean caughtUp = lag.lag(ROLLUP_GROUP, Topics.METRIC_ROLLUPS) == 0;
                quiet = now == published && caughtUp ? quiet + 1 : 0;
                published = now;
                sleepUntil(deadline, "attribution to take the rollup events");
            }
            out.printf(
                    "  rollups     every point in the metrics service, %,d rollup events taken by attribution (%s)%n",
                    published, seconds(begin));
        }
    }

    /** The quarter's deployments, each through its system's door, in the order they happened. */
    void sendReleases() {
        long begin = System.nanoTime();
        Map<Scenario.Source, Integer> bySource = new TreeMap<>();
        int sequence = 0;
        for (Release release : scenario.releases()) {
            JsonNode stored = features.deliver(payloads.delivery(release, ++sequence));
            String id = stored.path("id").asText();
            releaseIds.put(release.id(), id);
            bySource.merge(release.source(), 1, Integer::sum);
            if (release.rollsBack().isPresent() && !stored.hasNonNull("rollbackOf")) {
                throw new LauncherException(
                        release.service() + " " + release.version() + " should have rolled back "
                                + release.rollsBack().get() + " but the features service did not take it as a rollback",
                        LauncherException.STARTUP_FAILED);
            }
        }
        out.printf(
                "  releases    %d deployments of %s: %s (%s)%n",
                scenario.releases().size(),
                scenario.quarter(),
                String.join(
                        ", ",
                        bySource.entrySet().stream()
                                .map(e -> e.getValue() + " " + label(e.getKey()))
                                .toList()),
                seconds(begin));
    }

    void sendAmendmentsAfterShip() {
        for (Feature feature : scenario.amendedAfterShip()) {
            features.amend(feature.key(), feature.amendment().orElseThrow());
            out.printf("  amendment   %s amended after it shipped%n", feature.key());
        }
    }

    /** Waits until every planned checkpoint of every measured release has an outcome and nothing changed for a while. */
    Map<String, JsonNode> awaitOutcomes(Duration timeout, Duration settle) {
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
            StringBuilder fingerprint = new StringBuilder();
            for (Release release : measured) {
                JsonNode answer =
                        attribution.outcomes(releaseIds.get(release.id())).orElse(null);
                if (answer == null || answer.path("outcomes").isEmpty()) {
                    pending++;
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
            if (pending == 0 && settled) {
                out.printf(
                        "  outcomes    %d outcomes of %d releases measured by attribution (%s)%n",
                        total, measured.size(), seconds(begin));
                return outcomes;
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(15).toNanos()) {
                out.printf("  outcomes    %d of %d checkpoints measured ...%n", total - pending, total);
                lastReport = System.nanoTime();
            }
            sleepUntil(deadline, "attribution to measure every checkpoint (" + pending + " still pending)");
        }
    }

    Map<String, String> releaseIds() {
        return releaseIds;
    }

    /** The service whose OpenTelemetry SDK counts the metric (its resource's service.name). */
    static String serviceOf(Metric metric) {
        return metric.key().startsWith("search.") ? "search" : "api-gateway";
    }

    private static String label(Scenario.Source source) {
        return switch (source) {
            case GITHUB_ACTIONS -> "GitHub deployment_status (Actions)";
            case GITHUB_APP -> "GitHub deployment_status (GitHub App)";
            case GITLAB -> "GitLab deployment hooks";
            case CDEVENTS_BINARY -> "CDEvents 0.4 binary";
            case CDEVENTS_STRUCTURED -> "CDEvents 0.5 structured";
            case API -> "POST /api/releases";
        };
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

    static String seconds(long begin) {
        return String.format(java.util.Locale.ROOT, "%.1f s", (System.nanoTime() - begin) / 1e9);
    }
}
