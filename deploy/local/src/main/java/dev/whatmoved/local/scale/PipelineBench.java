package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.PortCheck;
import dev.whatmoved.local.ServiceInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./whatmoved bench pipeline} (deploy/bench/run-pipeline.sh): the whole pipeline at a team's scale, on this
 * machine, everything as it runs in production (a real PostgreSQL and KRaft broker, the five packaged services as
 * processes, each on its own):
 *
 * <ol>
 *   <li><b>Onboarding.</b> {@code metrics} metrics with two dimensions (10 combinations) and {@code releases} features
 *       with a prediction each are registered; then a year ({@code days}) of hourly history per metric goes through
 *       {@code POST /api/metrics/{key}/history}, {@code concurrency} files at a time, and the releases through
 *       {@code POST /api/releases/import} ({@link PipelinePlan}, {@link PipelineSeries}). Measured: points per second
 *       into the rollups, metrics' announcement rate and attribution's intake rate ({@link OffsetRates}, in the same
 *       run), the time from the last point until every due outcome is measured, outcomes per second, each service's
 *       peak RSS.
 *   <li><b>Live.</b> Every metric's exporter sends its 10 combinations every 6 s on {@code whatmoved.metric-points}
 *       while {@code liveReleases} releases of two days ago arrive, each with a prediction; attribution runs with a
 *       grace that closes their 1-day windows {@code liveLeadSeconds} into the phase (the default grace closes windows
 *       at 06:00 UTC, which no run could wait for). Measured: from each window's due time to its outcome.
 *   <li><b>Alone.</b> Each service is stopped and started on its own: time to ready, and RSS after 10 s idle.
 * </ol>
 *
 * Settings (system properties): metrics (1000), days (365), releases (500), concurrency (2), liveSeconds (120),
 * liveReleases (20), liveLeadSeconds (45), settleMinutes (60), alone (true). The last line: {@code RESULT
 * import_points_per_s=… rollup_events_per_s=… outcomes_per_s=… backlog_drained_s=… live_outcome_latency_s=…
 * peak_rss_mb=…} and more. Exits 1 when an outcome is missing.
 */
public final class PipelineBench {

    static final List<String> SERVICES = List.of("features", "metrics", "attribution", "notify", "console");
    private static final String ROLLUP_GROUP = "whatmoved-attribution.metric-rollups";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final PrintStream out = System.out;
    private final int metricCount = Integer.getInteger("metrics", 1000);
    private final int days = Integer.getInteger("days", 365);
    private final int releaseCount = Integer.getInteger("releases", 500);
    private final int concurrency = Integer.getInteger("concurrency", 2);
    private final Duration live = Duration.ofSeconds(Long.getLong("liveSeconds", 120));
    private final int liveReleases = Integer.getInteger("liveReleases", 20);
    private final Duration liveLead = Duration.ofSeconds(Long.getLong("liveLeadSeconds", 45));
    private final Duration settle = Duration.ofMinutes(Long.getLong("settleMinutes", 60));
    private final boolean alone = Boolean.parseBoolean(System.getProperty("alone", "true"));

    private final Map<String, ServiceInstance> instances = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final Map<String, Double> peakRss = new LinkedHashMap<>();
    private Platform platform;
    private Broker broker;
    private Api api;
    private Db attributionDb;

    public static void main(String[] args) throws IOException {
        BenchRuns.main("pipeline", "pipeline", (home, data) -> new PipelineBench().run(home, data));
    }

    private boolean run(Path home, Path data) {
        List<Integer> free = PortCheck.freePorts(3 + SERVICES.size());
        Map<String, String> env = BenchRuns.infraOnly(data, free);
        for (int i = 0; i < SERVICES.size(); i++) {
            ports.put(SERVICES.get(i), free.get(3 + i));
            env.put(
                    "WHATMOVED_" + SERVICES.get(i).toUpperCase(Locale.ROOT) + "_PORT",
                    free.get(3 + i).toString());
        }
        PlatformConfig config = PlatformConfig.from(env, List.of(), home);
        try (Platform started = Platform.start(config, out);
                Broker kafka = new Broker(started.kafkaBootstrap())) {
            platform = started;
            broker = kafka;
            attributionDb = new Db(platform.jdbcUrl("attribution"), config.dbUser(), config.dbPassword());
            for (String service : SERVICES) {
                instances.put(service, platform.startInstance(service, service, ports.get(service), Map.of()));
            }
            for (ServiceInstance instance : instances.values()) {
                log(
                        "%s ready in %.1f s (five started at once)",
                        instance.name(), instance.awaitReady().toMillis() / 1e3);
            }
            api = new Api(
                    platform.token("pipeline-bench", "read", "metrics:write", "features:write", "releases:write"));

            Instant historyTo = Instant.now().truncatedTo(ChronoUnit.DAYS);
            Instant historyFrom = historyTo.minus(Duration.ofDays(days));
            PipelinePlan plan = new PipelinePlan(metricCount, releaseCount, historyFrom, historyTo);
            register(plan);
            try (OffsetRates rollups = new OffsetRates(broker, Topics.METRIC_ROLLUPS, ROLLUP_GROUP)) {
                long importStart = System.nanoTime();
                long points = importHistory(plan, historyFrom, historyTo);
                long lastPoint = System.nanoTime();
                double importSeconds = (lastPoint - importStart) / 1e9;
                log("history: %,d points in %.1f s: %,.0f points/s", points, importSeconds, points / importSeconds);
                api.post(
                        url("features", "/api/releases/import"),
                        "text/csv",
                        plan.releasesCsv().getBytes(StandardCharsets.UTF_8),
                        200);
                log("%d releases imported", releaseCount);
                Drained drained = awaitOutcomes(releaseCount, lastPoint, System.nanoTime());
                OffsetRates.Rate announced = rollups.produced(importStart);
                OffsetRates.Rate taken = rollups.consumed(importStart);
                log("metrics announced %s; attribution took %s", announced, taken);
                recordPeakRss();

                PipelineLive.Live liveResult = new PipelineLive(
                                platform,
                                instances,
                                ports,
                                broker,
                                api,
                                attributionDb,
                                this::commitFeature,
                                out,
                                live,
                                liveReleases,
                                liveLead)
                        .run(plan, historyFrom);
                recordPeakRss();
                Map<String, Alone> aloneResults = alone ? aloneStarts() : Map.of();

                double peak = peakRss.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(-1);
                double idleMax = aloneResults.values().stream()
                        .mapToDouble(Alone::idleRssMb)
                        .max()
                        .orElse(-1);
                double readyMax = aloneResults.values().stream()
                        .mapToDouble(Alone::readySeconds)
                        .max()
                        .orElse(-1);
                log("peak RSS (MB): %s", format(peakRss));
                aloneResults.forEach((service, result) -> log(
                        "%s alone: ready in %.1f s, %.0f MB RSS after 10 s idle",
                        service, result.readySeconds(), result.idleRssMb()));
                out.printf(
                        Locale.ROOT,
                        "RESULT import_points_per_s=%.0f rollup_events_per_s=%.0f outcomes_per_s=%.1f"
                                + " backlog_drained_s=%.1f live_outcome_latency_s=%.1f peak_rss_mb=%.0f"
                                + " announced_events_per_s=%.0f ratio_to_announced=%.2f first_point_to_outcomes_s=%.1f"
                                + " outcomes=%d points=%d rollup_events=%d idle_rss_mb_max=%.0f ready_alone_s_max=%.1f"
                                + " complete=%s%n",
                        points / importSeconds,
                        taken.perSecond(),
                        drained.outcomesPerSecond(),
                        drained.seconds(),
                        liveResult.maxLatencySeconds(),
                        peak,
                        announced.perSecond(),
                        taken.perSecond() / Math.max(1, announced.perSecond()),
                        (drained.at() - importStart) / 1e9,
                        drained.outcomes(),
                        points,
                        taken.records(),
                        idleMax,
                        readyMax,
                        drained.complete() && liveResult.complete());
                return drained.complete() && liveResult.complete();
            }
        }
    }

    /** The metrics, then the features with their predictions, committed (attribution declares what it reads). */
    private void register(PipelinePlan plan) {
        long begin = System.nanoTime();
        for (int i = 0; i < plan.metrics(); i++) {
            api.post(
                    url("metrics", "/api/metrics"),
                    "{\"key\": \"" + PipelinePlan.metricKey(i) + "\", \"aggregation\": \"sum\", \"goodDirection\":"
                            + " \"up\", \"dimensions\": [\"country\", \"plan\"]}",
                    201);
        }
        for (PipelinePlan.Release release : plan.releases()) {
            commitFeature(release.featureKey(), release.metric());
        }
        log(
                "registered %d metrics and %d features with a prediction each in %.1f s",
                plan.metrics(), plan.releases().size(), (System.nanoTime() - begin) / 1e9);
    }

    private void commitFeature(String key, int metric) {
        api.post(url("features", "/api/features"), PipelinePlan.feature(key, "Pipeline bench " + key, metric), 201);
        api.post(url("features", "/api/features/" + key + "/commit"), "", 200);
    }

    /** Each metric's history, {@code concurrency} requests at a time; returns the points imported. */
    private long importHistory(PipelinePlan plan, Instant from, Instant to) {
        Map<Integer, List<PipelineSeries.Step>> steps = plan.steps();
        AtomicLong points = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long begin = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int m = 0; m < plan.metrics(); m++) {
                int metric = m;
                tasks.add(pool.submit(() -> {
                    PipelineSeries series = new PipelineSeries(metric, steps.getOrDefault(metric, List.of()));
                    // at most 120 days a request (whole UTC days: an import sets the days it covers), under 10 MiB
                    for (Instant start = from; start.isBefore(to); start = start.plus(Duration.ofDays(120))) {
                        Instant end =
                                start.plus(Duration.ofDays(120)).isBefore(to) ? start.plus(Duration.ofDays(120)) : to;
                        byte[] csv = series.csv(start, end, from);
                        long imported = api.post(
                                        url("metrics", "/api/metrics/" + PipelinePlan.metricKey(metric) + "/history"),
                                        "text/csv",
                                        csv,
                                        200)
                                .path("points")
                                .asLong();
                        points.addAndGet(imported);
                    }
                    long finished = done.incrementAndGet();
                    if (finished % Math.max(1, plan.metrics() / 10) == 0) {
                        log(
                                "history of %d of %d metrics imported after %.0f s",
                                finished, plan.metrics(), (System.nanoTime() - begin) / 1e9);
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a history import failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return points.get();
    }

    /**
     * @param seconds from the last point until every due outcome is measured
     * @param at when (System.nanoTime)
     * @param outcomes outcomes measured (first versions and later ones)
     * @param outcomesPerSecond outcomes over the time from the releases' import to the last one measured (the
     *     releases' planning included: a lower bound of the engine's own rate)
     * @param complete every release planned and every due checkpoint measured within the settle time
     */
    record Drained(double seconds, long at, long outcomes, double outcomesPerSecond, boolean complete) {}

    /** Until attribution has planned every release and measured every checkpoint that is due. */
    private Drained awaitOutcomes(int releases, long lastPoint, long releasesImported) {
        long deadline = System.nanoTime() + settle.toNanos();
        long lastLog = 0;
        boolean complete = false;
        while (System.nanoTime() < deadline) {
            long planned = attributionDb.count("select count(distinct release_id) from checkpoint");
            long pending = attributionDb.count("select count(*) from checkpoint where stale and due_at <= now()");
            long measured = attributionDb.count("select count(*) from outcome");
            if (planned >= releases && pending == 0) {
                complete = true;
                break;
            }
            if (System.nanoTime() - lastLog > Duration.ofSeconds(30).toNanos()) {
                lastLog = System.nanoTime();
                long[] offsets = currentRollupOffsets();
                log(
                        "%.0f s after the last point: %d of %d releases planned, %d due checkpoints waiting, %d"
                                + " outcomes; rollup events written %,d, taken %,d",
                        (System.nanoTime() - lastPoint) / 1e9,
                        planned,
                        releases,
                        pending,
                        measured,
                        offsets[0],
                        offsets[1]);
            }
            BenchRuns.sleep(POLL);
        }
        long at = System.nanoTime();
        long outcomes = attributionDb.count("select count(*) from outcome");
        double seconds = (at - lastPoint) / 1e9;
        // from the releases' import (attribution can plan nothing before) to the last outcome: planning and measuring
        double measuring = (at - releasesImported) / 1e9;
        log(
                "%s %.1f s after the last point: %,d outcomes, %.1f s after the releases' import",
                complete ? "every due outcome measured" : "NOT every due outcome measured",
                seconds,
                outcomes,
                measuring);
        return new Drained(seconds, at, outcomes, outcomes / Math.max(0.001, measuring), complete);
    }

    private long[] currentRollupOffsets() {
        long end = broker.endOffsets(Topics.METRIC_ROLLUPS).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        return new long[] {end, broker.committed(ROLLUP_GROUP)};
    }

    /** @param readySeconds from start to ready, started alone; @param idleRssMb its RSS 10 s after */
    record Alone(double readySeconds, double idleRssMb) {}

    private Map<String, Alone> aloneStarts() {
        Map<String, Alone> results = new LinkedHashMap<>();
        for (String service : SERVICES) {
            instances.get(service).stop(Duration.ofSeconds(15));
            ServiceInstance instance =
                    platform.startInstance(service, service + "-alone", ports.get(service), Map.of());
            instances.put(service, instance);
            double ready = instance.awaitReady().toMillis() / 1e3;
            BenchRuns.sleep(Duration.ofSeconds(10));
            results.put(
                    service, new Alone(ready, ProcessMemory.of(instance.pid()).rssMb()));
        }
        return results;
    }

    private void recordPeakRss() {
        instances.forEach((service, instance) -> {
            double peak = ProcessMemory.of(instance.pid()).peakMb();
            peakRss.merge(service, peak, Math::max);
        });
    }

    private URI url(String service, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(service) + path);
    }

    private static String format(Map<String, Double> values) {
        StringBuilder text = new StringBuilder();
        values.forEach((k, v) -> text.append(text.isEmpty() ? "" : ", ")
                .append(k)
                .append(' ')
                .append(String.format(Locale.ROOT, "%.0f", v)));
        return text.toString();
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[pipeline] " + format + "%n", args);
    }
}
