package dev.whatmoved.local.scale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import dev.whatmoved.testing.PublishedEvents;
import java.net.URI;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the platform must hold once the chaos test's workload ({@link ChaosWorkload}) has stopped and the system has
 * settled: every acknowledged point once in the rollups, every acknowledged release stored and published once, every
 * due outcome exactly once ({@link OutcomeCheck}).
 */
public final class ChaosChecks implements AutoCloseable {

    private final ChaosWorkload workload;
    private final Platform platform;
    private final Api api;
    private final Db metricsDb;
    private final Db featuresDb;
    private final Db attributionDb;
    private final Broker broker;
    private final LocalDate today = RollupCheck.today();

    public ChaosChecks(ChaosWorkload workload) {
        this.workload = workload;
        this.platform = workload.platform();
        this.api = new Api(workload.token());
        String user = platform.config().dbUser();
        String password = platform.config().dbPassword();
        this.metricsDb = new Db(platform.jdbcUrl("metrics"), user, password);
        this.featuresDb = new Db(platform.jdbcUrl("features"), user, password);
        this.attributionDb = new Db(platform.jdbcUrl("attribution"), user, password);
        this.broker = new Broker(platform.kafkaBootstrap());
    }

    /**
     * An HTTP batch whose answer was lost may or may not have been stored: its hour (the batch's alone) must hold it
     * once or be empty. What is found is added to the expected rollups; anything else is returned as a problem.
     */
    public List<String> settleHttpBatchesInDoubt() {
        List<String> problems = new ArrayList<>();
        Map<Instant, double[]> hours = new HashMap<>();
        JsonNode series = api.get(metrics()
                .resolve("/api/metrics/" + ChaosWorkload.HTTP_METRIC + "/series?from=" + today.minusDays(110) + "&to="
                        + today.plusDays(1) + "&granularity=hour"));
        for (JsonNode bucket : series.path("buckets")) {
            hours.put(Instant.parse(bucket.path("start").asText()), new double[] {
                bucket.path("sum").asDouble(), bucket.path("count").asDouble()
            });
        }
        workload.httpInDoubtByHour().forEach((hour, batch) -> {
            double[] found = hours.get(hour);
            if (found == null) {
                return;
            }
            if (found[0] != batch[0] || found[1] != batch[1]) {
                problems.add("HTTP batch in doubt at " + hour + ": its hour holds sum=" + found[0] + " count="
                        + found[1] + ", expected the batch once (sum=" + batch[0] + " count=" + batch[1]
                        + ") or nothing");
                return;
            }
            for (int i = 0; i < ChaosWorkload.HTTP_BATCH; i++) {
                // the batch's values are not kept one by one: its sum goes to the first point, the count is right
                workload.expected()
                        .add(ChaosWorkload.HTTP_METRIC, hour.plusSeconds(300L * i), "", i == 0 ? batch[0] : 0);
            }
        });
        return problems;
    }

    /**
     * Waits until every acknowledged Kafka point is applied, attribution holds every final daily total and a
     * checkpoint of every acknowledged release, and then until no due checkpoint is stale and no outbox holds an
     * event, twice in a row. Returns how long that took.
     */
    public Duration awaitSettled(Duration timeout) throws InterruptedException {
        long begin = System.nanoTime();
        long deadline = begin + timeout.toNanos();
        Map<Integer, Long> end = broker.endOffsets(Topics.METRIC_POINTS);
        String[] ids = workload.releases().stream().map(r -> r.id().toString()).toArray(String[]::new);
        int quiet = 0;
        String waitingFor = "";
        while (quiet < 2) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not settled within " + timeout.toSeconds() + " s: " + waitingFor
                        + "; logs in " + platform.config().logsDir());
            }
            Thread.sleep(500);
            if (!durable(end)) {
                waitingFor = "Kafka points not all applied";
            } else if (!dailyTotalsArrived()) {
                waitingFor = "attribution lacks final daily totals: " + dailyTotalsMissing;
            } else if (attributionDb.count(
                            "select count(distinct release_id) from checkpoint where release_id::text = any(?)",
                            (Object) ids)
                    < ids.length) {
                waitingFor = "attribution has not read every release";
            } else if (attributionDb.count("select count(*) from checkpoint where stale and due_at <= now()") > 0) {
                waitingFor = "due checkpoints stale";
            } else if (outboxes() > 0) {
                waitingFor = "events in an outbox";
            } else {
                quiet++;
                continue;
            }
            quiet = 0;
        }
        return Duration.ofNanos(System.nanoTime() - begin);
    }

    /** Waits until every acknowledged Kafka point is applied to the rollups (the offsets stored with them). */
    public void awaitPointsApplied(Duration timeout) throws InterruptedException {
        Map<Integer, Long> end = broker.endOffsets(Topics.METRIC_POINTS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!durable(end)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Kafka points not applied within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(200);
        }
    }

    private long outboxes() {
        long events = 0;
        for (Db db : List.of(metricsDb, featuresDb, attributionDb)) {
            events += db.count("select count(*) from outbox_event");
        }
        return events;
    }

    private boolean durable(Map<Integer, Long> end) {
        Map<Integer, Long> stored = new HashMap<>();
        for (Object[] row : metricsDb.rows(
                "select partition, max(next_offset) from consumer_offset where topic = ? group by partition",
                Topics.METRIC_POINTS)) {
            stored.put(((Number) row[0]).intValue(), row[1] == null ? 0L : ((Number) row[1]).longValue());
        }
        return end.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private String dailyTotalsMissing = "";

    private boolean dailyTotalsArrived() {
        for (String metric : List.of(ChaosWorkload.KAFKA_METRIC, ChaosWorkload.HTTP_METRIC)) {
            Map<Instant, ExpectedRollups.Totals> want = workload.expected().daily(metric);
            Map<Instant, long[]> got = new HashMap<>();
            for (Object[] row :
                    attributionDb.rows("select day, sum, count from daily_rollup where metric = ?", metric)) {
                Instant day = ((Date) row[0])
                        .toLocalDate()
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                got.put(day, new long[] {(long) ((Number) row[1]).doubleValue(), ((Number) row[2]).longValue()});
            }
            for (Map.Entry<Instant, ExpectedRollups.Totals> e : want.entrySet()) {
                long[] g = got.get(e.getKey());
                if (g == null || g[0] != e.getValue().sum || g[1] != e.getValue().count) {
                    dailyTotalsMissing = metric + " " + e.getKey() + " (of " + want.size() + " days, " + got.size()
                            + " there): want sum=" + e.getValue().sum + " count=" + e.getValue().count + ", got "
                            + (g == null ? "none" : "sum=" + g[0] + " count=" + g[1]);
                    return false;
                }
            }
        }
        return true;
    }

    /** Every rollup bucket (hour and day, the total and each dimension combination) against what was acknowledged. */
    public List<String> rollupMismatches() {
        RollupCheck.Outcome outcome =
                new RollupCheck(api, metrics()).check(workload.expected(), today.minusDays(110), today.plusDays(1));
        return outcome.mismatches().stream().map(Object::toString).toList();
    }

    /**
     * Every acknowledged release stored once (and no version of the workload's twice) and published as one
     * {@code release.deployed.v1} (redelivered copies share the event id).
     */
    public List<String> releaseProblems() {
        List<String> problems = new ArrayList<>();
        Set<String> acknowledged = new HashSet<>();
        workload.releases().forEach(r -> acknowledged.add(r.id().toString()));
        Set<String> stored = new HashSet<>();
        Map<String, Integer> versions = new HashMap<>();
        for (Object[] row : featuresDb.rows("select id::text, version from release where service = 'chaos-svc'")) {
            stored.add((String) row[0]);
            versions.merge((String) row[1], 1, Integer::sum);
        }
        versions.forEach((version, count) -> {
            if (count > 1) {
                problems.add("release " + version + " stored " + count + " times");
            }
        });
        for (String id : acknowledged) {
            if (!stored.contains(id)) {
                problems.add("acknowledged release " + id + " is not stored");
            }
        }
        Map<String, Set<String>> eventIds = new HashMap<>();
        for (PublishedEvents.Event event : PublishedEvents.allEvents(platform.kafkaBootstrap(), Topics.RELEASES)) {
            if (event.type().equals(EventType.RELEASE_DEPLOYED.type())) {
                eventIds.computeIfAbsent(event.data().path("releaseId").asText(), k -> new HashSet<>())
                        .add(event.id());
            }
        }
        for (String id : acknowledged) {
            Set<String> published = eventIds.getOrDefault(id, Set.of());
            if (published.size() != 1) {
                problems.add("release " + id + " published as " + published.size() + " events " + published);
            }
        }
        return problems;
    }

    /** What {@link #outcomes()} found. */
    public record Outcomes(int expected, String summary, List<String> problems) {}

    /** Every due outcome of the acknowledged releases exactly once in the database, the API and the topic. */
    public Outcomes outcomes() {
        OutcomeCheck.Outcome outcome = new OutcomeCheck(attributionDb, api, platform.serviceUrl("attribution"), broker)
                .check(workload.releases(), Instant.now());
        return new Outcomes(
                outcome.expectedOutcomes(),
                outcome.expectedOutcomes() + " due outcomes, " + outcome.versions() + " versions, " + outcome.events()
                        + " events (" + outcome.redeliveredCopies() + " redelivered copies)",
                outcome.problems());
    }

    private URI metrics() {
        return platform.serviceUrl("metrics");
    }

    @Override
    public void close() {
        broker.close();
    }
}
