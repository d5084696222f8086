package dev.whatmoved.local.scale;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.PortCheck;
import dev.whatmoved.local.ServiceInstance;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./whatmoved bench rollup-intake} (deploy/bench/run-rollup-intake.sh): how fast attribution takes rollup events,
 * against what metrics announces, in one run on this machine. A real PostgreSQL and KRaft broker and the packaged
 * services as processes:
 *
 * <ol>
 *   <li>metrics alone takes a history of points ({@code metrics} metrics, {@code days} days, every hour, two
 *       dimensions: 7 rollup series per metric and granularity) and announces its buckets; its announcement rate is
 *       the {@code metric.rollup.v1} events on {@code whatmoved.metric-rollups} over the time between the first and
 *       the last one's timestamp (the watermarks, sent every few seconds also while idle, are left out of it);
 *   <li>a bare Kafka consumer reads the topic (the broker's and client's own rate, the ceiling);
 *   <li>with {@code -Dbefore=<quarkus-run.jar>}, an earlier build of attribution (its own database and consumer group)
 *       takes the topic for {@code beforeSeconds}: the baseline;
 *   <li>attribution takes the whole topic; its rate is the committed offsets' progress between the first commit and
 *       the end of the topic (the JVM's start is not counted); then its stored hour and day totals are compared with
 *       metrics' buckets.
 * </ol>
 *
 * The last line: {@code RESULT attribution_events_per_s=… announced_events_per_s=… ratio_to_announced=…
 * bare_events_per_s=… ratio_to_bare=… before_events_per_s=… speedup=… exact=…}. Exits 1 when the totals differ.
 */
public final class RollupIntakeBench {

    private static final String GROUP = "whatmoved-attribution.metric-rollups";
    private static final String BEFORE_GROUP = "bench-before.metric-rollups";

    private final PrintStream out = System.out;
    private final int metricCount = Integer.getInteger("metrics", 100);
    private final int days = Integer.getInteger("days", 60);
    private final int pointsPerHour = Integer.getInteger("pointsPerHour", 20);
    private final Path before = System.getProperty("before") == null ? null : Path.of(System.getProperty("before"));
    private final Duration beforeTime = Duration.ofSeconds(Long.getLong("beforeSeconds", 40));
    private Platform platform;
    private Broker broker;

    public static void main(String[] args) throws IOException {
        BenchRuns.main("rollup-intake", "rollups", (home, data) -> new RollupIntakeBench().run(home, data));
    }

    private boolean run(Path home, Path data) {
        List<Integer> free = PortCheck.freePorts(6);
        Map<String, String> env = BenchRuns.infraOnly(data, free);
        PlatformConfig config = PlatformConfig.from(env, List.of(), home);
        try (Platform started = Platform.start(config, out);
                Broker kafka = new Broker(started.kafkaBootstrap())) {
            platform = started;
            broker = kafka;
            Db metricsDb = new Db(platform.jdbcUrl("metrics"), config.dbUser(), config.dbPassword());

            ServiceInstance metrics = platform.startInstance(
                    "metrics", "metrics", free.get(3), Map.of("WHATMOVED_METRICS_ANNOUNCE_INTERVAL", "1s"));
            metrics.awaitReady();
            long events = announce(metrics.baseUrl(), metricsDb);
            Broker.TopicScan scan = broker.scan(Topics.METRIC_ROLLUPS, EventType.METRIC_ROLLUP);
            double announced = scan.ofType() / Math.max(0.001, scan.lastTimestamp() - scan.firstTimestamp()) * 1000;
            double bare = scan.records() / scan.seconds();
            log(
                    "metrics announced %,d rollup events at %,.0f/s (their first to last timestamp; %,d records with"
                            + " the watermarks); a bare consumer read them at %,.0f/s",
                    scan.ofType(), announced, events, bare);
            metrics.stop(Duration.ofSeconds(15));

            double beforeRate = Double.NaN;
            if (before != null) {
                createDatabase(config, "attribution_before");
                ServiceInstance old = platform.startInstance(
                        "attribution",
                        "attribution-before",
                        free.get(5),
                        Map.of(
                                "WHATMOVED_DB_NAME", "attribution_before",
                                "MP_MESSAGING_INCOMING_METRIC_ROLLUPS_GROUP_ID", BEFORE_GROUP,
                                "MP_MESSAGING_INCOMING_FEATURES_GROUP_ID", "bench-before.features",
                                "MP_MESSAGING_INCOMING_RELEASES_GROUP_ID", "bench-before.releases"),
                        before);
                beforeRate = consumeRate("before", BEFORE_GROUP, events, beforeTime);
                old.stop(Duration.ofSeconds(15));
            }
            ServiceInstance attribution = platform.startInstance("attribution", "attribution", free.get(4), Map.of());
            double after = consumeRate("batched", GROUP, events, Duration.ofMinutes(30));
            attribution.awaitReady();
            Db attributionDb = new Db(platform.jdbcUrl("attribution"), config.dbUser(), config.dbPassword());
            boolean exact = exact(metricsDb, attributionDb);
            out.printf(
                    Locale.ROOT,
                    "RESULT attribution_events_per_s=%.0f announced_events_per_s=%.0f ratio_to_announced=%.2f"
                            + " bare_events_per_s=%.0f ratio_to_bare=%.2f before_events_per_s=%.0f speedup=%.1f"
                            + " events=%d exact=%s%n",
                    after,
                    announced,
                    after / announced,
                    bare,
                    after / bare,
                    beforeRate,
                    after / beforeRate,
                    events,
                    exact);
            return exact;
        }
    }

    /** Registers the metrics, produces the history and waits until every bucket is announced; returns the events. */
    private long announce(URI metricsUrl, Db metricsDb) {
        Api api = new Api(platform.token("rollup-bench", "read", "metrics:write"));
        List<String> keys = new java.util.ArrayList<>();
        for (int i = 0; i < metricCount; i++) {
            keys.add("bench.rollups.m" + i);
            api.post(
                    metricsUrl.resolve("/api/metrics"),
                    "{\"key\": \"bench.rollups.m" + i + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                            + " \"dimensions\": [\"country\", \"plan\"]}",
                    201);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant from = today.minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant();
        long span = Duration.ofDays(days).toMillis();
        int batch = 1000;
        long points = (long) metricCount * days * 24 * pointsPerHour;
        long records = (points + batch - 1) / batch;
        PointBatches batches = new PointBatches(
                keys, random -> from.plusMillis((long) (random.nextDouble() * span)), batch, 7, new ExpectedRollups());
        log(
                "producing %,d points (%d metrics, %d days, ~%d per hour)",
                records * batch, metricCount, days, pointsPerHour);
        long start = System.nanoTime();
        for (long r = 0; r < records; r++) {
            broker.send(batches.nextMetric(), batches.next());
        }
        broker.flush();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        Map<Integer, Long> end = broker.endOffsets(Topics.METRIC_POINTS);
        long expected = end.values().stream().mapToLong(Long::longValue).sum();
        while (true) {
            long stored = metricsDb.count(
                    "select coalesce(sum(next_offset), 0) from (select max(next_offset) as next_offset"
                            + " from consumer_offset where topic = ? group by partition) o",
                    Topics.METRIC_POINTS);
            if (stored >= expected
                    && metricsDb.count("select count(*) from rollup where revision <> published_revision") == 0) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("metrics did not announce everything within 30 minutes");
            }
            BenchRuns.sleep(Duration.ofMillis(200));
        }
        long events = broker.endOffsets(Topics.METRIC_ROLLUPS).values().stream()
                .mapToLong(Long::longValue)
                .sum();
        log("durable and announced after %.1f s: %,d rollup events", (System.nanoTime() - start) / 1e9, events);
        return events;
    }

    /**
     * The rate of a consumer group's committed offsets, from its first commit until {@code total} or {@code limit}.
     */
    private double consumeRate(String label, String group, long total, Duration limit) {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long first;
        while ((first = broker.committed(group)) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": no offset committed within 5 minutes");
            }
            BenchRuns.sleep(Duration.ofMillis(50));
        }
        long start = System.nanoTime();
        long stop = start + limit.toNanos();
        long last = first;
        long lastAt = start;
        while (last < total && System.nanoTime() < stop) {
            BenchRuns.sleep(Duration.ofMillis(50));
            long now = broker.committed(group);
            if (now != last) {
                last = now;
                lastAt = System.nanoTime();
            }
        }
        double rate = (last - first) / Math.max(0.001, (lastAt - start) / 1e9);
        log(
                "%s: %,d of %,d events committed in %.1f s after the first commit: %,.0f/s",
                label, last - first, total, (lastAt - start) / 1e9, rate);
        return rate;
    }

    /** Attribution's hour and day totals against metrics' buckets over all dimensions. */
    private boolean exact(Db metricsDb, Db attributionDb) {
        Map<String, String> want = new HashMap<>();
        for (Object[] row : metricsDb.rows("select metric, granularity, bucket_start, sum, count, revision from rollup"
                + " where dims = '' and metric like 'bench.rollups.%'")) {
            String bucket = row[1] + "/" + instant(row[2]);
            want.put(row[0] + "/" + bucket, row[3] + " " + row[4] + " " + row[5]);
        }
        Map<String, String> got = new HashMap<>();
        for (Object[] row : attributionDb.rows("select metric, hour, sum, count, revision from hourly_rollup")) {
            got.put(row[0] + "/hour/" + instant(row[1]), row[2] + " " + row[3] + " " + row[4]);
        }
        for (Object[] row : attributionDb.rows("select metric, day, sum, count, revision from daily_rollup")) {
            Instant day = ((java.sql.Date) row[1])
                    .toLocalDate()
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
            got.put(row[0] + "/day/" + day, row[2] + " " + row[3] + " " + row[4]);
        }
        boolean exact = want.equals(got);
        log(
                "%,d buckets over all dimensions in metrics, %,d in attribution: %s",
                want.size(), got.size(), exact ? "identical" : "DIFFERENT");
        return exact;
    }

    /** A timestamptz column as the JDBC driver returns it through getObject. */
    private static Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }

    private void createDatabase(PlatformConfig config, String name) {
        try (Connection c = DriverManager.getConnection(platform.jdbcUrl("postgres"), "postgres", "");
                Statement ddl = c.createStatement()) {
            ddl.execute("create database " + name + " owner " + config.dbUser());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create " + name + ": " + e.getMessage(), e);
        }
    }

    private void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[rollups] " + format + "%n", args);
    }
}
