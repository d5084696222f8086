package dev.whatmoved.local.scale;

import dev.whatmoved.local.Platform;
import dev.whatmoved.local.ServiceInstance;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The pipeline bench's live phase ({@link PipelineBench}): attribution restarts with a grace that closes the 1-day
 * windows of releases deployed two days ago {@code liveLead} into the phase; every metric's exporter sends its
 * combinations every 6 s while those releases arrive; measured: from each 1-day window's due time to its outcome.
 */
final class PipelineLive {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final Platform platform;
    private final Map<String, ServiceInstance> instances;
    private final Map<String, Integer> ports;
    private final Broker broker;
    private final Api api;
    private final Db attributionDb;
    private final BiConsumer<String, Integer> commitFeature;
    private final PrintStream out;
    private final Duration live;
    private final int liveReleases;
    private final Duration liveLead;

    PipelineLive(
            Platform platform,
            Map<String, ServiceInstance> instances,
            Map<String, Integer> ports,
            Broker broker,
            Api api,
            Db attributionDb,
            BiConsumer<String, Integer> commitFeature,
            PrintStream out,
            Duration live,
            int liveReleases,
            Duration liveLead) {
        this.platform = platform;
        this.instances = instances;
        this.ports = ports;
        this.broker = broker;
        this.api = api;
        this.attributionDb = attributionDb;
        this.commitFeature = commitFeature;
        this.out = out;
        this.live = live;
        this.liveReleases = liveReleases;
        this.liveLead = liveLead;
    }
    /**
     * @param maxLatencySeconds the slowest of the live 1-day checkpoints, from its due time to its first outcome
     * @param complete each one measured within the phase
     */
    record Live(double maxLatencySeconds, double medianLatencySeconds, boolean complete) {}

    Live run(PipelinePlan plan, Instant yearStart) {
        // attribution again, with a grace that makes the live releases' 1-day windows close during this phase
        Instant dueAt =
                Instant.now().plus(liveLead).plus(Duration.ofSeconds(20)).truncatedTo(ChronoUnit.SECONDS);
        Instant today = dueAt.truncatedTo(ChronoUnit.DAYS);
        Duration grace = Duration.between(today, dueAt);
        instances.get("attribution").stop(Duration.ofSeconds(15));
        ServiceInstance attribution = platform.startInstance(
                "attribution",
                "attribution-live",
                ports.get("attribution"),
                Map.of("WHATMOVED_OUTCOMES_GRACE", grace.toString()));
        instances.put("attribution", attribution);
        log(
                "live: attribution restarted with grace %s (ready in %.1f s); 1-day windows of releases on %s close"
                        + " at %s",
                grace,
                attribution.awaitReady().toMillis() / 1e3,
                LocalDate.ofInstant(today, ZoneOffset.UTC).minusDays(2),
                dueAt);

        Map<Integer, PipelineSeries> series = new HashMap<>();
        Map<Integer, List<PipelineSeries.Step>> steps = plan.steps();
        for (int m = 0; m < plan.metrics(); m++) {
            series.put(m, new PipelineSeries(m, steps.getOrDefault(m, List.of())));
        }
        long end = System.nanoTime() + live.toNanos();
        Thread stream = new Thread(
                () -> {
                    long tick = 0;
                    while (System.nanoTime() < end) {
                        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                        for (int m = (int) (tick % 6); m < plan.metrics(); m += 6) {
                            broker.send(PipelinePlan.metricKey(m), series.get(m).livePoints(now, yearStart));
                        }
                        broker.flush();
                        tick++;
                        BenchRuns.sleep(Duration.ofSeconds(1));
                    }
                },
                "live-points");
        stream.setDaemon(true);
        stream.start();

        LocalDate deployDay = LocalDate.ofInstant(today, ZoneOffset.UTC).minusDays(2);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < liveReleases; i++) {
            String key = "pipe-live-f" + i;
            int metric = (int) ((i * 104_729L + 13) % plan.metrics());
            commitFeature.accept(key, metric);
            api.post(
                    url("features", "/api/releases"),
                    "{\"service\": \"pipeline-live\", \"version\": \"2.0." + i + "\", \"environment\": \"production\","
                            + " \"deployedAt\": \"" + deployDay + "T10:" + String.format(Locale.ROOT, "%02d", i % 60)
                            + ":00Z\", \"features\": [\"" + key + "\"]}",
                    201);
            keys.add(key);
            BenchRuns.sleep(Duration.ofSeconds(1));
        }
        log("live: %d releases arrived while points streamed", keys.size());

        List<Double> latencies = new ArrayList<>();
        long deadline = System.nanoTime()
                + live.toNanos()
                + liveLead.toNanos()
                + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            latencies.clear();
            for (Object[] row : attributionDb.rows(
                    "select extract(epoch from min(o.measured_at) - c.due_at) from checkpoint c join outcome o"
                            + " on o.checkpoint_id = c.id where c.feature_key like 'pipe-live-%'"
                            + " and c.checkpoint_days = 1 group by c.id, c.due_at")) {
                latencies.add(((Number) row[0]).doubleValue());
            }
            if (latencies.size() >= liveReleases) {
                break;
            }
            BenchRuns.sleep(POLL);
        }
        BenchRuns.join(stream);
        latencies.sort(Double::compare);
        boolean complete = latencies.size() >= liveReleases;
        double max = latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1);
        double median = latencies.isEmpty() ? -1 : latencies.get(latencies.size() / 2);
        log(
                "live: %d of %d 1-day checkpoints measured; from their due time: median %.1f s, max %.1f s",
                latencies.size(), liveReleases, median, max);
        return new Live(max, median, complete);
    }

    private URI url(String service, String path) {
        return URI.create("http://127.0.0.1:" + ports.get(service) + path);
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[pipeline] " + format + "%n", args);
    }
}
