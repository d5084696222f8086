package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.ServiceInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The scale-out proof on one machine ({@code ./whatmoved bench scale}, and reduced in {@code ScaleOutIT}): a real
 * PostgreSQL and KRaft broker (the topics with the launcher's partition count), the packaged services as processes:
 * one features, two metrics and two attribution instances, each pair in the same consumer groups.
 *
 * <ol>
 *   <li>throughput: the same workload (points of the last 6 hours) produced to {@code whatmoved.metric-points} with
 *       one metrics instance, then with two, each timed from the first record sent until the offsets stored with the
 *       rollups reach the end of every partition (every point durable);
 *   <li>under failure: a paced stream of history points (the metrics features' predictions are on) while releases
 *       dated days back are posted, so checkpoints are due and recomputed as the days fill in; a fifth of the way
 *       in, one metrics and one attribution instance are killed with SIGKILL; at 40 %, both are started again;
 *   <li>once everything is durable and attribution has settled: every rollup bucket read through the series API
 *       (hour and day, the total and each dimension combination) must hold exactly the sum and count produced, and
 *       every due outcome must exist exactly once (database, API, topic).
 * </ol>
 */
public final class ScaleProof {

    static final String METRICS_GROUP = "whatmoved-metrics.metric-points";
    static final String ATTRIBUTION_ROLLUPS_GROUP = "whatmoved-attribution.metric-rollups";
    private static final int THROUGHPUT_METRICS = 8;

    /**
     * @param throughputPoints points per throughput phase; 0 skips both (two metrics instances from the start)
     * @param chaosPoints points of the stream during which instances are killed and restarted
     * @param chaosDuration how long that stream is paced over
     * @param chaosMetrics metrics (each with one feature predicting it) the stream and the releases are on
     * @param historyDays days of history the stream's points fall into
     * @param jobEvery attribution's outcome job interval (WHATMOVED_OUTCOMES_JOB_EVERY)
     * @param announceInterval metrics' rollup announcement round (WHATMOVED_METRICS_ANNOUNCE_INTERVAL)
     * @param settleTimeout how long the system may take to become durable and settle after the stream
     * @param keepData whether to keep the data directory (logs, database, broker) after a successful run
     * @param sessionTimeout the services' Kafka consumer session timeout (how long a killed instance's partitions
     *     wait before the group hands them to the others); null keeps the defaults (attribution: Kafka's 45 s;
     *     the metrics point consumer: 10 s)
     */
    public record Settings(
            Path home,
            Path dataDir,
            long throughputPoints,
            long chaosPoints,
            int batch,
            Duration chaosDuration,
            int chaosMetrics,
            int historyDays,
            String jobEvery,
            String announceInterval,
            Duration settleTimeout,
            boolean keepData,
            Duration sessionTimeout) {}

    /** What a run measured and found. */
    public record Result(
            int partitions,
            double oneInstancePointsPerS,
            double twoInstancesPointsPerS,
            double chaosPointsPerS,
            long points,
            RollupCheck.Outcome rollups,
            OutcomeCheck.Outcome outcomes,
            List<Integer> metricsAssignments,
            List<Integer> attributionAssignments,
            List<String> events,
            Path logs) {

        public boolean rollupsExact() {
            return rollups.mismatches().isEmpty();
        }

        public boolean outcomesExactlyOnce() {
            return outcomes.exactlyOnce();
        }

        public List<String> rollupMismatches() {
            return rollups.mismatches().stream().map(Object::toString).toList();
        }

        public List<String> outcomeProblems() {
            return outcomes.problems();
        }

        public int expectedOutcomes() {
            return outcomes.expectedOutcomes();
        }

        public int redeliveredOutcomeCopies() {
            return outcomes.redeliveredCopies();
        }

        public String resultLine() {
            return String.format(
                    Locale.ROOT,
                    "RESULT one_instance_points_per_s=%.0f two_instances_points_per_s=%.0f ratio=%.2f"
                            + " rollups_exact=%s outcomes_exactly_once=%s",
                    oneInstancePointsPerS,
                    twoInstancesPointsPerS,
                    oneInstancePointsPerS > 0 ? twoInstancesPointsPerS / oneInstancePointsPerS : 0.0,
                    rollupsExact(),
                    outcomesExactlyOnce());
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final ExpectedRollups expected = new ExpectedRollups();
    private final List<String> events = new ArrayList<>();
    private final List<OutcomeCheck.PostedRelease> posted = new ArrayList<>();
    private final long begin = System.nanoTime();
    private Platform platform;
    private Broker broker;
    private Api api;
    private Db metricsDb;
    private Db attributionDb;
    private Map<String, Integer> ports;

    public ScaleProof(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public Result run() {
        List<Integer> free = freePorts(8);
        ports = Map.of(
                "features", free.get(3),
                "metrics-1", free.get(4),
                "metrics-2", free.get(5),
                "attribution-1", free.get(6),
                "attribution-2", free.get(7));
        Map<String, String> env = new HashMap<>();
        env.put("WHATMOVED_DATA_DIR", settings.dataDir().toString());
        env.put("WHATMOVED_PG_PORT", free.get(0).toString());
        env.put("WHATMOVED_KAFKA_PORT", free.get(1).toString());
        env.put("WHATMOVED_KAFKA_CONTROLLER_PORT", free.get(2).toString());
        env.put("WHATMOVED_INFRA_ONLY", "true");
        // five service JVMs start together on a shared machine
        env.put("WHATMOVED_START_TIMEOUT", "300");
        PlatformConfig config = PlatformConfig.from(env, List.of(), snapshot());
        log("starting PostgreSQL and Kafka in %s", settings.dataDir());
        try (Platform started = Platform.start(config, out);
                Broker kafka = new Broker(started.kafkaBootstrap())) {
            platform = started;
            broker = kafka;
            metricsDb = new Db(platform.jdbcUrl("metrics"), config.dbUser(), config.dbPassword());
            attributionDb = new Db(platform.jdbcUrl("attribution"), config.dbUser(), config.dbPassword());
            return proof(config);
        }
    }

    /**
     * A copy of the packaged services under the data directory, run instead of the repository's: a rebuild of a
     * service during the run (its target/quarkus-app deleted and written again) must not break a restart.
     */
    private Path snapshot() {
        Path home = settings.dataDir().resolve("home");
        try {
            for (String service : List.of("features", "metrics", "attribution")) {
                Path app = Path.of("services", service, "target", "quarkus-app");
                Path from = settings.home().resolve(app);
                if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                    throw new IllegalStateException(from + "/quarkus-run.jar is missing: package the services first"
                            + " (./mvnw -DskipTests package)");
                }
                copy(from, home.resolve(app));
            }
            Path lib = settings.home().resolve("deploy/local/target/lib");
            if (Files.isDirectory(lib)) {
                Files.createDirectories(home.resolve("deploy/local/target"));
                Files.createSymbolicLink(home.resolve("deploy/local/target/lib"), lib);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private Result proof(PlatformConfig config) {
        int partitions = broker.partitions(Topics.METRIC_POINTS);
        log("%s and %s have %d partitions", Topics.METRIC_POINTS, Topics.METRIC_ROLLUPS, partitions);
        boolean throughput = settings.throughputPoints() > 0;
        ServiceInstance features = start("features");
        ServiceInstance metrics1 = start("metrics-1");
        ServiceInstance attribution1 = start("attribution-1");
        ServiceInstance attribution2 = start("attribution-2");
        ServiceInstance metrics2 = throughput ? null : start("metrics-2");
        for (ServiceInstance instance : metrics2 == null
                ? List.of(features, metrics1, attribution1, attribution2)
                : List.of(features, metrics1, attribution1, attribution2, metrics2)) {
            awaitReady(instance);
        }
        api = new Api(platform.token("scale-bench", "read", "metrics:write", "features:write", "releases:write"));
        URI metricsUrl = metrics1.baseUrl();
        URI featuresUrl = features.baseUrl();

        List<String> oneInstance = metricKeys("scale.one.m", THROUGHPUT_METRICS);
        List<String> twoInstances = metricKeys("scale.two.m", THROUGHPUT_METRICS);
        List<String> warmUp = metricKeys("scale.warm.m", THROUGHPUT_METRICS);
        List<String> chaos = metricKeys("scale.chaos.m", settings.chaosMetrics());
        List<String> all = new ArrayList<>(chaos);
        if (throughput) {
            all.addAll(oneInstance);
            all.addAll(twoInstances);
            all.addAll(warmUp);
        }
        for (String metric : all) {
            api.post(
                    metricsUrl.resolve("/api/metrics"),
                    "{\"key\": \"" + metric + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                            + " \"dimensions\": [\"country\", \"plan\"]}",
                    201);
        }
        for (int i = 0; i < chaos.size(); i++) {
            String key = featureKey(i);
            api.post(
                    featuresUrl.resolve("/api/features"),
                    "{\"key\": \"" + key + "\", \"title\": \"Scale-out proof " + i + "\", \"team\": \"bench\","
                            + " \"owner\": \"bench\", \"predictions\": [{\"metric\": \"" + chaos.get(i) + "\","
                            + " \"direction\": \"up\", \"expectedChangePct\": 5, \"confidence\": 0.6}]}",
                    201);
            api.post(featuresUrl.resolve("/api/features/" + key + "/commit"), "", 200);
        }
        log("registered %d metrics and %d features with predictions", all.size(), chaos.size());

        double one = 0;
        double two = 0;
        if (throughput) {
            // Both JVMs warm (JIT) before either phase is timed; then two instances, then one.
            metrics2 = start("metrics-2");
            awaitReady(metrics2);
            awaitGroupMembers(2);
            timedIngest("warm-up, two metrics instances", warmUp, 0);
            two = timedIngest("two metrics instances", twoInstances, 2);
            metrics2.stop(Duration.ofSeconds(15));
            event("stopped metrics-2 (SIGTERM) for the one-instance phase");
            awaitGroupMembers(1);
            one = timedIngest("one metrics instance", oneInstance, 1);
            metrics2 = start("metrics-2");
            awaitReady(metrics2);
            awaitGroupMembers(2);
        }

        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        double chaosRate = chaos(featuresUrl, chaos, metrics2, attribution2, restarts);
        settle(chaos);
        restarts.forEach(CompletableFuture::join);
        awaitGroupMembers(2);
        List<Integer> metricsAssignments = broker.assignments(METRICS_GROUP);
        List<Integer> attributionAssignments = broker.assignments(ATTRIBUTION_ROLLUPS_GROUP);
        log(
                "partitions per member after the restarts: metrics %s, attribution (metric-rollups) %s",
                metricsAssignments, attributionAssignments);

        LocalDate today = RollupCheck.today();
        log("checking every rollup bucket through the series API");
        RollupCheck.Outcome rollups = new RollupCheck(api, metricsUrl)
                .check(expected, today.minusDays(settings.historyDays() + 1L), today.plusDays(1));
        log(
                "%d series, %d buckets, %,d points: %d buckets differ",
                rollups.series(),
                rollups.buckets(),
                expected.points(),
                rollups.mismatches().size());
        rollups.mismatches().stream().limit(50).forEach(m -> log("  MISMATCH %s", m));

        log("checking the outcomes (database, API, %s)", Topics.OUTCOMES);
        OutcomeCheck.Outcome outcomes =
                new OutcomeCheck(attributionDb, api, attribution1.baseUrl(), broker).check(posted, Instant.now());
        log(
                "%d expected outcomes, %d outcome versions in the database, %d outcome events on the topic"
                        + " (%d redelivered copies with the same event id), %d problems",
                outcomes.expectedOutcomes(),
                outcomes.versions(),
                outcomes.events(),
                outcomes.redeliveredCopies(),
                outcomes.problems().size());
        outcomes.problems().stream().limit(50).forEach(p -> log("  PROBLEM %s", p));

        return new Result(
                partitions,
                one,
                two,
                chaosRate,
                expected.points(),
                rollups,
                outcomes,
                metricsAssignments,
                attributionAssignments,
                List.copyOf(events),
                config.logsDir());
    }

    /** Produces the same workload as fast as it goes and times it until every point is durable. */
    private double timedIngest(String label, List<String> metrics, long seed) {
        long records = records(settings.throughputPoints());
        PointBatches batches =
                new PointBatches(metrics, PointBatches.recent(Instant.now(), 6), settings.batch(), seed, expected);
        // made before the clock starts: the timing is of the broker and the services, not of this generator
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (long r = 0; r < records; r++) {
            keys.add(batches.nextMetric());
            values.add(batches.next());
        }
        log("%s: producing %,d points in %,d records", label, records * settings.batch(), records);
        long start = System.nanoTime();
        for (int r = 0; r < records; r++) {
            broker.send(keys.get(r), values.get(r));
        }
        broker.flush();
        double produced = seconds(start);
        awaitDurable(settings.settleTimeout());
        double took = seconds(start);
        double rate = records * settings.batch() / took;
        log("%s: produced in %.1f s, durable after %.1f s: %,.0f points/s", label, produced, took, rate);
        return rate;
    }

    /**
     * The stream under failure: paced history points while releases are posted; SIGKILL of metrics-2 and
     * attribution-2 at 20 % and 25 % of it, both started again at 40 % (their readiness is awaited through
     * {@code restarts}). Returns the stream's durable rate.
     */
    private double chaos(
            URI featuresUrl,
            List<String> metrics,
            ServiceInstance metrics2,
            ServiceInstance attribution2,
            List<CompletableFuture<Void>> restarts) {
        LocalDate today = RollupCheck.today();
        long records = records(settings.chaosPoints());
        PointBatches batches = new PointBatches(
                metrics, PointBatches.history(today, settings.historyDays()), settings.batch(), 3, expected);
        long nanos = settings.chaosDuration().toNanos();
        log(
                "stream: %,d points in %,d records over %d s while releases are posted; kills at 20 %% and 25 %%,"
                        + " restarts at 40 %%",
                records * settings.batch(), records, settings.chaosDuration().toSeconds());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        Thread producer = new Thread(
                () -> {
                    try {
                        for (long r = 0; r < records; r++) {
                            long due = start + nanos * r / records;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                            broker.send(batches.nextMetric(), batches.next());
                        }
                        broker.flush();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                },
                "scale-producer");
        producer.start();

        int releases = 5;
        double[] releaseAt = {0.10, 0.20, 0.45, 0.70, 0.85};
        List<Runnable> steps = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        for (int j = 0; j < releases; j++) {
            int release = j;
            at.add(releaseAt[j]);
            steps.add(() -> postRelease(featuresUrl, release, metrics.size(), today));
        }
        at.add(0.20);
        steps.add(() -> kill(metrics2));
        at.add(0.25);
        steps.add(() -> kill(attribution2));
        at.add(0.40);
        steps.add(() -> {
            for (String name : List.of("metrics-2", "attribution-2")) {
                ServiceInstance again = start(name);
                event("restarted %s (pid %d)", name, again.pid());
                restarts.add(CompletableFuture.runAsync(() -> awaitReady(again)));
            }
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < at.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(at.get(a), at.get(b)));
        for (int i : order) {
            sleepUntil(start + (long) (nanos * at.get(i)));
            steps.get(i).run();
        }
        BenchRuns.join(producer);
        if (failure.get() != null) {
            throw new IllegalStateException("producing the stream failed", failure.get());
        }
        double produced = seconds(start);
        awaitDurable(settings.settleTimeout());
        double took = seconds(start);
        log("stream: produced in %.1f s, durable after %.1f s", produced, took);
        return records * settings.batch() / took;
    }

    private void postRelease(URI featuresUrl, int j, int features, LocalDate today) {
        String feature = featureKey(j % features);
        LocalDate day = today.minusDays(8 + 4L * j);
        String id = api.post(
                        featuresUrl.resolve("/api/releases"),
                        "{\"service\": \"scale-svc\", \"version\": \"1.0." + j + "\", \"environment\":"
                                + " \"production\", \"deployedAt\": \"" + day + "T10:15:00Z\", \"features\": [\""
                                + feature + "\"]}",
                        201)
                .path("id")
                .asText();
        posted.add(new OutcomeCheck.PostedRelease(UUID.fromString(id), feature, day));
        event("posted release %s of %s deployed %s", id, feature, day);
    }

    private void kill(ServiceInstance instance) {
        long pid = instance.pid();
        instance.kill();
        event("kill -9 %s (pid %d)", instance.name(), pid);
    }

    /** Waits until attribution holds the final daily totals, has measured what is due and has relayed its events. */
    private void settle(List<String> metrics) {
        log("waiting for attribution to settle (daily totals, due checkpoints, outbox)");
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        long start = System.nanoTime();
        while (!dailyTotalsArrived(metrics)) {
            if (System.nanoTime() > deadline) {
                log(
                        "attribution did not receive every final daily total within %d s",
                        settings.settleTimeout().toSeconds());
                return;
            }
            BenchRuns.sleep(Duration.ofSeconds(1));
        }
        log("attribution holds every final daily total after %.1f s", seconds(start));
        int quiet = 0;
        while (quiet < 2) {
            long pending = attributionDb.count("select count(*) from checkpoint where stale and due_at <= now()");
            long outbox = attributionDb.count("select count(*) from outbox_event");
            quiet = pending == 0 && outbox == 0 ? quiet + 1 : 0;
            if (System.nanoTime() > deadline) {
                log(
                        "not settled within %d s: %d due checkpoints stale, %d events in the outbox",
                        settings.settleTimeout().toSeconds(), pending, outbox);
                return;
            }
            BenchRuns.sleep(Duration.ofSeconds(2));
        }
        log("settled after %.1f s", seconds(start));
    }

    private boolean dailyTotalsArrived(List<String> metrics) {
        for (String metric : metrics) {
            Map<Instant, ExpectedRollups.Totals> want = expected.daily(metric);
            Map<Instant, long[]> got = new HashMap<>();
            for (Object[] row :
                    attributionDb.rows("select day, sum, count from daily_rollup where metric = ?", metric)) {
                Instant day = ((Date) row[0])
                        .toLocalDate()
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                got.put(day, new long[] {(long) ((Number) row[1]).doubleValue(), ((Number) row[2]).longValue()});
            }
            if (got.size() != want.size()) {
                return false;
            }
            for (Map.Entry<Instant, ExpectedRollups.Totals> e : want.entrySet()) {
                long[] g = got.get(e.getKey());
                if (g == null || g[0] != e.getValue().sum || g[1] != e.getValue().count) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Until the offsets stored with the rollups reach the end of every partition of the points topic. */
    private void awaitDurable(Duration timeout) {
        Map<Integer, Long> end = broker.endOffsets(Topics.METRIC_POINTS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<Integer, Long> stored = new HashMap<>();
            for (Object[] row : metricsDb.rows(
                    "select partition, max(next_offset) from consumer_offset where topic = ? group by partition",
                    Topics.METRIC_POINTS)) {
                stored.put(((Number) row[0]).intValue(), row[1] == null ? 0L : ((Number) row[1]).longValue());
            }
            if (end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "points not durable within " + timeout.toSeconds() + " s: stored " + stored + ", end " + end
                                + "; logs in " + platform.config().logsDir());
            }
            BenchRuns.sleep(Duration.ofMillis(50));
        }
    }

    private void awaitGroupMembers(int members) {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            List<Integer> sizes = broker.assignments(METRICS_GROUP);
            if (sizes.size() == members && sizes.stream().allMatch(size -> size > 0)) {
                log("metrics consumer group: %d members holding %s partitions", members, sizes);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the metrics group did not reach " + members + " members: " + sizes);
            }
            BenchRuns.sleep(Duration.ofMillis(200));
        }
    }

    private ServiceInstance start(String instance) {
        String service = instance.replaceAll("-\\d+$", "");
        Map<String, String> env = new HashMap<>();
        if (service.equals("metrics")) {
            env.put("WHATMOVED_METRICS_ANNOUNCE_INTERVAL", settings.announceInterval());
            // one group member per instance (the default is one per core): the proof compares instances
            env.put("WHATMOVED_METRICS_KAFKA_CONSUMERS", "1");
        }
        if (service.equals("attribution")) {
            env.put("WHATMOVED_OUTCOMES_JOB_EVERY", settings.jobEvery());
        }
        if (settings.sessionTimeout() != null && !service.equals("features")) {
            // system properties, so they join the kafka.* settings every consumer of the service takes
            long ms = settings.sessionTimeout().toMillis();
            // the metrics point consumer has its own setting (10 s by default), which wins over kafka.*
            env.put("WHATMOVED_METRICS_KAFKA_SESSION_TIMEOUT", ms + "ms");
            env.put(
                    "JAVA_TOOL_OPTIONS",
                    "-Dkafka.session.timeout.ms=" + ms + " -Dkafka.heartbeat.interval.ms=" + Math.max(500, ms / 3));
        }
        return platform.startInstance(service, instance, ports.get(instance), env);
    }

    private void awaitReady(ServiceInstance instance) {
        Duration took = instance.awaitReady();
        log(
                "%s ready on %s in %.1f s (pid %d)",
                instance.name(), instance.baseUrl(), took.toMillis() / 1000.0, instance.pid());
    }

    private long records(long points) {
        return (points + settings.batch() - 1) / settings.batch();
    }

    private static List<String> metricKeys(String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(prefix + i);
        }
        return keys;
    }

    private static String featureKey(int i) {
        return "scale-f" + i;
    }

    private void event(String format, Object... args) {
        String text = String.format(Locale.ROOT, "%5.1f s ", seconds(begin)) + String.format(Locale.ROOT, format, args);
        synchronized (events) {
            events.add(text);
        }
        log("%s", text);
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[scale] " + format + "%n", args);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void sleepUntil(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            BenchRuns.sleep(Duration.ofNanos(wait));
        }
    }

    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // only held to pick distinct ports
                }
            }
        }
    }
}
