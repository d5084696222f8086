package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.PortCheck;
import dev.whatmoved.local.ServiceInstance;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
 *
 * This class runs those steps in order; its parts: {@link ServiceSnapshot} (the services run), {@link ScaleInstances}
 * (starting, killing and awaiting them), {@link ScalePlan} and {@link ScaleCatalogue} (what is registered and
 * released), {@link ThroughputPhase}, {@link ChaosStream} and {@link DurableOffsets} (producing and timing),
 * {@link AttributionSettle} and {@link ScaleChecks} (the wait and the checks), {@link ScaleLog} (progress and events).
 */
public final class ScaleProof {

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
            Duration sessionTimeout) {

        /** Records of {@code batch} points each that hold {@code points}. */
        long records(long points) {
            return (points + batch - 1) / batch;
        }
    }

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
    private final ScaleLog log;
    private final ExpectedRollups expected = new ExpectedRollups();

    public ScaleProof(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.log = new ScaleLog(out);
    }

    public Result run() {
        List<Integer> free = PortCheck.freePorts(8);
        Map<String, Integer> ports = Map.of(
                "features", free.get(3),
                "metrics-1", free.get(4),
                "metrics-2", free.get(5),
                "attribution-1", free.get(6),
                "attribution-2", free.get(7));
        // five service JVMs start together on a shared machine: the launcher's start timeout is 300 s
        PlatformConfig config = PlatformConfig.from(
                BenchRuns.infraOnly(settings.dataDir(), free),
                List.of(),
                ServiceSnapshot.take(settings.home(), settings.dataDir()));
        log.log("starting PostgreSQL and Kafka in %s", settings.dataDir());
        try (Platform platform = Platform.start(config, out);
                Broker broker = new Broker(platform.kafkaBootstrap())) {
            Db metricsDb = new Db(platform.jdbcUrl("metrics"), config.dbUser(), config.dbPassword());
            Db attributionDb = new Db(platform.jdbcUrl("attribution"), config.dbUser(), config.dbPassword());
            return proof(
                    platform,
                    broker,
                    metricsDb,
                    attributionDb,
                    new ScaleInstances(platform, settings, ports, broker, log));
        }
    }

    private Result proof(Platform platform, Broker broker, Db metricsDb, Db attributionDb, ScaleInstances instances) {
        int partitions = broker.partitions(Topics.METRIC_POINTS);
        log.log("%s and %s have %d partitions", Topics.METRIC_POINTS, Topics.METRIC_ROLLUPS, partitions);
        boolean throughput = settings.throughputPoints() > 0;
        ServiceInstance features = instances.start("features");
        ServiceInstance metrics1 = instances.start("metrics-1");
        ServiceInstance attribution1 = instances.start("attribution-1");
        ServiceInstance attribution2 = instances.start("attribution-2");
        ServiceInstance metrics2 = throughput ? null : instances.start("metrics-2");
        for (ServiceInstance instance : metrics2 == null
                ? List.of(features, metrics1, attribution1, attribution2)
                : List.of(features, metrics1, attribution1, attribution2, metrics2)) {
            instances.awaitReady(instance);
        }
        Api api = new Api(platform.token("scale-bench", "read", "metrics:write", "features:write", "releases:write"));
        URI metricsUrl = metrics1.baseUrl();
        ScaleCatalogue catalogue = new ScaleCatalogue(api, metricsUrl, features.baseUrl(), log);
        ScalePlan plan = ScalePlan.of(settings.chaosMetrics());
        catalogue.register(plan.all(throughput), plan.chaos());
        DurableOffsets durable =
                new DurableOffsets(broker, metricsDb, platform.config().logsDir());

        double one = 0;
        double two = 0;
        if (throughput) {
            ThroughputPhase phase = new ThroughputPhase(settings, broker, durable, expected, log);
            // Both JVMs warm (JIT) before either phase is timed; then two instances, then one.
            metrics2 = instances.start("metrics-2");
            instances.awaitReady(metrics2);
            instances.awaitGroupMembers(2);
            phase.run("warm-up, two metrics instances", plan.warmUp(), 0);
            two = phase.run("two metrics instances", plan.twoInstances(), 2);
            metrics2.stop(Duration.ofSeconds(15));
            log.event("stopped metrics-2 (SIGTERM) for the one-instance phase");
            instances.awaitGroupMembers(1);
            one = phase.run("one metrics instance", plan.oneInstance(), 1);
            metrics2 = instances.start("metrics-2");
            instances.awaitReady(metrics2);
            instances.awaitGroupMembers(2);
        }

        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        double chaosRate = new ChaosStream(settings, broker, durable, expected, instances, catalogue, log)
                .run(plan.chaos(), metrics2, attribution2, restarts);
        new AttributionSettle(settings.settleTimeout(), attributionDb, expected, log).await(plan.chaos());
        restarts.forEach(CompletableFuture::join);
        instances.awaitGroupMembers(2);
        List<Integer> metricsAssignments = broker.assignments(ScaleInstances.METRICS_GROUP);
        List<Integer> attributionAssignments = broker.assignments(ScaleInstances.ATTRIBUTION_ROLLUPS_GROUP);
        log.log(
                "partitions per member after the restarts: metrics %s, attribution (metric-rollups) %s",
                metricsAssignments, attributionAssignments);

        ScaleChecks checks = new ScaleChecks(api, expected, log);
        RollupCheck.Outcome rollups = checks.rollups(metricsUrl, settings.historyDays());
        OutcomeCheck.Outcome outcomes =
                checks.outcomes(attributionDb, attribution1.baseUrl(), broker, catalogue.posted());

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
                log.events(),
                platform.config().logsDir());
    }
}
