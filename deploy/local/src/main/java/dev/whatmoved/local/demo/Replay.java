package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.demo.Scenario.Feature;
import dev.whatmoved.local.demo.Scenario.Metric;
import dev.whatmoved.local.demo.Scenario.Release;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Sends the scenario through the front doors, as a team would on its first day: the metrics catalogue, each metric's
 * history through the history import and its last days through its live door, the features with their predictions
 * (committed), then the quarter's deployments as each CI or CD system reports them, and last the amendment made after
 * shipping. Then waits until attribution has measured every checkpoint. Every step may run again on what a stopped run
 * left: nothing is sent twice.
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

    /**
     * The last days of each metric that its exporter streams through its live door (OTLP, Kafka), within any sane late
     * limit; everything before is history, imported as a team would import it on its first day.
     */
    static final int LIVE_DAYS = 30;

    /**
     * The metrics catalogue and every metric's points: its history through the history import, its last
     * {@value #LIVE_DAYS} days through its live door. Each step may run again: registering the same metric answers 200,
     * importing the same history changes nothing, and a live day is sent only if it is neither in the rollups nor on
     * the Kafka topic (where a run before may have left it for the metrics service to apply). Returns how many points
     * were sent.
     */
    long sendPoints() {
        long begin = System.nanoTime();
        scenario.metrics().forEach(metrics::register);
        out.printf(
                "  catalogue   %d metrics registered (%s)%n", scenario.metrics().size(), seconds(begin));

        LocalDate liveFrom = scenario.dataTo().minusDays(LIVE_DAYS - 1);
        begin = System.nanoTime();
        long historyPoints = 0;
        long created = 0;
        long unchanged = 0;
        int csv = 0;
        Map<Metric, List<MetricSeries.Point>> live = new LinkedHashMap<>();
        for (Metric metric : scenario.metrics()) {
            List<MetricSeries.Point> points = MetricSeries.points(scenario, metric);
            int split = points.size() - LIVE_DAYS;
            // an analytics export writes CSV; the services that count with OpenTelemetry dump NDJSON
            boolean asCsv = metric.feed() == Scenario.Feed.KAFKA;
            JsonNode imported = metrics.importHistory(metric, points.subList(0, split), asCsv);
            historyPoints += imported.path("points").asLong();
            created +=
                    imported.path("created").asLong() + imported.path("revised").asLong();
            unchanged += imported.path("unchanged").asLong();
            csv += asCsv ? 1 : 0;
            live.put(metric, points.subList(split, points.size()));
        }
        out.printf(
                "  history     %,d points of %d metrics, %s to %s, through POST /api/metrics/{key}/history: %d as CSV,"
                        + " %d as NDJSON; %,d buckets written, %,d already there (%s)%n",
                historyPoints,
                scenario.metrics().size(),
                scenario.dataFrom(),
                liveFrom.minusDays(1),
                csv,
                scenario.metrics().size() - csv,
                created,
                unchanged,
                seconds(begin));

        begin = System.nanoTime();
        long livePoints = 0;
        int records = 0;
        int otlpMetrics = 0;
        int kafkaMetrics = 0;
        int there = 0;
        // what a run before produced is on the topic, and counts once it is applied: it must not be produced again
        Map<String, Set<LocalDate>> onTopic = PointsProducer.daysOnTopic(
                kafkaBootstrap,
                live.keySet().stream()
                        .filter(m -> m.feed() == Scenario.Feed.KAFKA)
                        .map(Metric::key)
                        .collect(Collectors.toSet()));
        // OTLP first: it answers synchronously, so a platform that refuses the points says so before Kafka is fed
        List<Metric> order = new ArrayList<>(live.keySet());
        order.sort(Comparator.comparing(m -> m.feed() == Scenario.Feed.OTLP ? 0 : 1));
        try (PointsProducer producer = new PointsProducer(kafkaBootstrap)) {
            for (Metric metric : order) {
                Set<LocalDate> sent = new HashSet<>(metrics.daysWithPoints(metric.key(), liveFrom, scenario.dataTo()));
                sent.addAll(onTopic.getOrDefault(metric.key(), Set.of()));
                List<MetricSeries.Point> missing = live.get(metric).stream()
                        .filter(p -> !sent.contains(LocalDate.ofInstant(p.start(), ZoneOffset.UTC)))
                        .toList();
                if (missing.isEmpty()) {
                    there++;
                    continue;
                }
                if (metric.feed() == Scenario.Feed.OTLP) {
                    metrics.exportOtlp(metric, serviceOf(metric), missing);
                    otlpMetrics++;
                } else {
                    records += producer.send(metric.key(), missing);
                    kafkaMetrics++;
                }
                livePoints += missing.size();
            }
        }
        out.printf(
                "  live        %,d points of the last %d days, %s to %s: %d metrics over OTLP/HTTP, %d in %,d Kafka"
                        + " records%s (%s)%n",
                livePoints,
                LIVE_DAYS,
                liveFrom,
                scenario.dataTo(),
                otlpMetrics,
                kafkaMetrics,
                records,
                there == 0 ? "" : "; " + there + " metrics sent by a run before",
                seconds(begin));
        return historyPoints + livePoints;
    }

    /**
     * The features with their predictions, committed (and amended before shipping where the story says so). Each step
     * is done only if the features service does not have it yet, so a run that stopped half-way is completed.
     */
    void sendFeatures() {
        long begin = System.nanoTime();
        int registered = 0;
        for (Feature feature : scenario.features()) {
            JsonNode stored = features.feature(feature.key()).orElse(null);
            if (stored == null) {
                features.register(feature);
                registered++;
            }
            if (stored == null || "draft".equals(stored.path("status").asText())) {
                features.commit(feature.key());
            }
            Optional<Scenario.Amendment> before = feature.amendment().filter(a -> !a.afterShip());
            if (before.isPresent()
                    && (stored == null || version(stored, before.get().number()) == 1)) {
                features.amend(feature.key(), before.get());
            }
        }
        out.printf(
                "  features    %d features with %d predictions committed%s (%s)%n",
                scenario.features().size(),
                scenario.features().stream()
                        .mapToInt(f -> f.predictions().size())
                        .sum(),
                registered == scenario.features().size()
                        ? ""
                        : " (" + (scenario.features().size() - registered) + " registered by a run before)",
                seconds(begin));
    }

    /** The current version of prediction {@code number} of a stored feature (1 until it is amended). */
    static int version(JsonNode feature, int number) {
        for (JsonNode p : feature.path("predictions")) {
            if (p.path("number").asInt() == number) {
                return p.path("version").asInt(1);
            }
        }
        return 1;
    }

    /** When a metric's live door stamps a point: OTLP at the end of its interval, Kafka's export at its middle. */
    static Instant timestamp(Metric metric, MetricSeries.Point point) {
        return metric.feed() == Scenario.Feed.OTLP ? point.end() : point.middle();
    }

    /** The value a metric's live door sends: OTLP counters are integers ({@code asInt}). */
    static double value(Metric metric, MetricSeries.Point point) {
        return metric.feed() == Scenario.Feed.OTLP ? Math.round(point.value()) : point.value();
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
            Scenario.Amendment amendment = feature.amendment().orElseThrow();
            JsonNode stored = features.feature(feature.key()).orElseThrow();
            if (version(stored, amendment.number()) == 1) {
                features.amend(feature.key(), amendment);
            }
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
                        total, measured.size(), seconds(begin));
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
