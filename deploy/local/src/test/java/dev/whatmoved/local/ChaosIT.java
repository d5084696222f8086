package dev.whatmoved.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.events.Topics;
import dev.whatmoved.local.scale.ChaosChecks;
import dev.whatmoved.local.scale.ChaosWorkload;
import dev.whatmoved.testing.PublishedEvents;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/**
 * The platform as {@code ./whatmoved up} runs it, supervised, while a client keeps feeding it (points over Kafka and
 * HTTP, releases, reads: {@link ChaosWorkload}): each part is killed with SIGKILL once, one after the other (metrics,
 * features, attribution, the broker, PostgreSQL), and the launcher's supervisor brings it back. Afterwards every
 * acknowledged point is in the rollups once, every acknowledged release is stored and published once, every due
 * outcome exists exactly once ({@link ChaosChecks}); no answer was a 5xx other than a 503 with {@code Retry-After};
 * each log grew by a bounded number of lines during each outage. Prints each part's recovery time. Then the platform
 * is stopped (nothing left behind), started again from its data (PostgreSQL and Kafka only: the data is there) and the
 * broker restarted by hand ({@code ./whatmoved restart kafka}): what the platform's data directory keeps across a stop
 * (this replaced InfrastructureIT, which checked that and the supervisor on PostgreSQL and Kafka alone).
 */
class ChaosIT {

    private static final List<String> PARTS = List.of("metrics", "features", "attribution", "kafka", "postgres");
    private static final List<String> SERVICES = List.of("features", "metrics", "attribution", "console");
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(330);
    /**
     * Warnings and errors ({@link LogLines}) a service may log during one outage, its own restart included (its start's
     * few warnings): the outage once and its end, a component's retry notes. Issue 21 found some 600 a minute from one
     * service (the outbox relay warning on every 100 ms poll) and a thousand repeats of "Result is already complete";
     * that one still comes about 30 times from metrics in a 15 s outage of PostgreSQL (Vert.x's "Uncaught exception"),
     * which this bound lets pass until it is gone.
     */
    private static final long QUIET = 60;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(1))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    /** One part's outage as the test saw it. */
    record Outage(String part, Duration back, Duration whole, Map<String, LogLines.Count> logLines) {}

    @Test
    void eachPartKilledOnceUnderLoadLosesNothingCountsNothingTwiceAndAnswersOnly503() throws Exception {
        List<Integer> ports = PortCheck.freePorts(PlatformEnv.PORTS);
        Map<String, String> env = PlatformEnv.onPorts("chaos-it", ports);
        // a restarted service starts next to four running ones (20-40 s on two quiet cores; minutes on a busy machine)
        env.put("WHATMOVED_START_TIMEOUT", "300");
        PlatformConfig config = PlatformConfig.from(env, List.of(), RepoHome.resolve());
        List<Long> pids = new ArrayList<>();
        List<Outage> outages = new ArrayList<>();
        long storedReleases;
        int releaseEvents;
        long begin = System.nanoTime();

        Platform platform = new Platform(config, System.out);
        platform.addServiceEnv("attribution", Map.of("WHATMOVED_OUTCOMES_JOB_EVERY", "1s"));
        platform.addServiceEnv("metrics", Map.of("WHATMOVED_METRICS_ANNOUNCE_INTERVAL", "1s"));
        try (platform) {
            platform.startAll();
            pids.addAll(platform.childPids());
            assertDatabasesAndTopics(platform);
            platform.supervise();
            ChaosWorkload workload = new ChaosWorkload(platform);
            try (workload) {
                workload.register();
                workload.start();
                Thread.sleep(3000);
                for (String part : PARTS) {
                    outages.add(killAndAwait(platform, part));
                    pids.addAll(platform.childPids());
                    Thread.sleep(1000);
                }
            }
            System.out.printf(Locale.ROOT, "[chaos] streams stopped %.1f s after the start%n", seconds(begin));
            try (ChaosChecks checks = new ChaosChecks(workload)) {
                report(outages, workload);
                assertThat(workload.violations())
                        .as("answers other than 2xx, 404 on a read or 503 with Retry-After")
                        .isEmpty();
                assertThat(workload.kafkaFailures())
                        .as("records the producer gave up")
                        .isEmpty();
                assertThat(workload.releaseCount()).isGreaterThan(5);
                // the metrics side and the releases first: they need nothing of attribution
                assertThat(checks.settleHttpBatchesInDoubt())
                        .as("HTTP batches whose answer was lost")
                        .isEmpty();
                checks.awaitPointsApplied(Duration.ofSeconds(120));
                assertThat(checks.rollupMismatches())
                        .as("rollup buckets that differ from what was acknowledged")
                        .isEmpty();
                assertThat(checks.releaseProblems())
                        .as("acknowledged releases not stored or published once")
                        .isEmpty();
                System.out.println("[chaos] rollups exact, releases once");
                Duration settled = checks.awaitSettled(Duration.ofSeconds(300));
                System.out.printf(Locale.ROOT, "[chaos] attribution settled in %.1f s%n", settled.toMillis() / 1000.0);
                ChaosChecks.Outcomes outcomes = checks.outcomes();
                System.out.println("[chaos] " + outcomes.summary());
                assertThat(outcomes.problems())
                        .as("outcomes missing or duplicated")
                        .isEmpty();
                assertThat(outcomes.expected()).isPositive();
            }
            for (Outage outage : outages) {
                for (String service : SERVICES) {
                    assertThat(outage.logLines().get(service + ".log").warnings())
                            .as("warnings and errors in %s.log while %s was away", service, outage.part())
                            .isLessThanOrEqualTo(QUIET);
                }
            }
            String said = Files.readString(config.logsDir().resolve("supervisor.log"));
            for (String part : PARTS) {
                assertThat(said).contains(part + " is back, ready in");
            }
            assertThat(said)
                    .contains("kafka exited with code 137; restarting it in 1 s")
                    .contains("postgres is gone (its postmaster is not running); restarting it in 1 s");
            storedReleases = count(platform, "select count(*) from release where service = 'chaos-svc'");
            releaseEvents = PublishedEvents.allEvents(platform.kafkaBootstrap(), Topics.RELEASES)
                    .size();
            pids.addAll(platform.childPids());
        }
        LeftBehind.assertNothingLeft(pids, ports);
        System.out.printf(Locale.ROOT, "[chaos] stopped %.1f s after the start%n", seconds(begin));

        // Started again from its data dir (PostgreSQL and Kafka only): both find what they held.
        PlatformConfig infra = PlatformConfig.from(env, List.of("--infra-only"), RepoHome.resolve());
        try (Platform again = Platform.start(infra)) {
            pids.addAll(again.childPids());
            assertThat(count(again, "select count(*) from release where service = 'chaos-svc'"))
                    .isEqualTo(storedReleases);
            assertThat(PublishedEvents.allEvents(again.kafkaBootstrap(), Topics.RELEASES))
                    .hasSize(releaseEvents);
            // ./whatmoved restart kafka, through the running launcher's supervisor
            again.supervise();
            RestartRequests restart = new RestartRequests(config.dataDir());
            restart.ask("kafka");
            String outcome =
                    restart.awaitAnswer("kafka", Duration.ofSeconds(90)).orElseThrow();
            assertThat(outcome).startsWith("kafka is back, ready in");
            System.out.println("[chaos] ./whatmoved restart kafka: " + outcome);
            assertThat(PublishedEvents.allEvents(again.kafkaBootstrap(), Topics.RELEASES))
                    .hasSize(releaseEvents);
            pids.addAll(again.childPids());
        }
        LeftBehind.assertNothingLeft(pids, ports);
        System.out.printf(Locale.ROOT, "[chaos] done %.1f s after the start%n", seconds(begin));
        // Kept when the test fails (the logs are in there).
        deleteRecursively(config.dataDir());
    }

    /**
     * Kills one part with SIGKILL and waits until the supervisor has started it again and it serves ({@code back}: a
     * service ready, the broker answering, PostgreSQL taking a query), then until every service is ready again
     * ({@code whole}). Counts the lines each log gained meanwhile.
     */
    private static Outage killAndAwait(Platform platform, String part) throws Exception {
        Path logs = platform.config().logsDir();
        Map<String, LogLines.Count> before = LogLines.count(logs);
        ProcessHandle victim = platform.process(part).orElseThrow(() -> new AssertionError(part + " is not running"));
        long killed = System.nanoTime();
        victim.destroyForcibly();
        System.out.printf(Locale.ROOT, "[chaos] kill -9 %s (pid %d)%n", part, victim.pid());
        long deadline = killed + RECOVERY_TIMEOUT.toNanos();
        while (!(platform.process(part).filter(p -> p.pid() != victim.pid()).isPresent() && serves(platform, part))) {
            assertThat(System.nanoTime())
                    .as("%s back within %s", part, RECOVERY_TIMEOUT)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        Duration back = Duration.ofNanos(System.nanoTime() - killed);
        while (!SERVICES.stream().allMatch(service -> serves(platform, service))) {
            assertThat(System.nanoTime())
                    .as("every service ready within %s", RECOVERY_TIMEOUT)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        Duration whole = Duration.ofNanos(System.nanoTime() - killed);
        Map<String, LogLines.Count> grown = new TreeMap<>();
        LogLines.count(logs)
                .forEach((log, count) ->
                        grown.put(log, count.minus(before.getOrDefault(log, new LogLines.Count(0, 0)))));
        System.out.printf(
                Locale.ROOT,
                "[chaos] %s back after %.1f s, every service ready after %.1f s; log lines and warnings meanwhile %s%n",
                part,
                back.toMillis() / 1000.0,
                whole.toMillis() / 1000.0,
                grown);
        return new Outage(part, back, whole, grown);
    }

    private static boolean serves(Platform platform, String part) {
        return switch (part) {
            case "postgres" -> {
                try {
                    yield count(platform, "select 1") == 1;
                } catch (SQLException e) {
                    yield false;
                }
            }
            case "kafka" -> {
                try (Admin admin = Admin.create(Map.of(
                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000))) {
                    yield !admin.describeCluster()
                            .nodes()
                            .get(3, TimeUnit.SECONDS)
                            .isEmpty();
                } catch (Exception e) {
                    yield false;
                }
            }
            default -> {
                try {
                    HttpRequest request = HttpRequest.newBuilder(
                                    platform.serviceUrl(part).resolve("/q/health/ready"))
                            .timeout(Duration.ofSeconds(2))
                            .build();
                    yield HTTP.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    yield false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    yield false;
                }
            }
        };
    }

    private static void report(List<Outage> outages, ChaosWorkload workload) {
        System.out.println("[chaos] recovery after kill -9 (back: the part serves again; whole: every service ready)");
        for (Outage outage : outages) {
            System.out.printf(
                    Locale.ROOT,
                    "[chaos]   %-12s back %5.1f s   whole %5.1f s%n",
                    outage.part(),
                    outage.back().toMillis() / 1000.0,
                    outage.whole().toMillis() / 1000.0);
        }
        System.out.printf(
                Locale.ROOT,
                "[chaos] acknowledged: %,d points (%,d Kafka records), %d releases; %d HTTP batches in doubt;"
                        + " answers by status %s; %d requests refused or lost%n",
                workload.acknowledgedPoints(),
                workload.kafkaRecordsAcknowledged(),
                workload.releaseCount(),
                workload.httpBatchesInDoubt(),
                workload.statuses(),
                workload.refusedOrLost());
    }

    private static void assertDatabasesAndTopics(Platform platform) throws Exception {
        for (String database : PlatformConfig.DATABASES) {
            try (Connection connection =
                            DriverManager.getConnection(platform.jdbcUrl(database), "whatmoved", "whatmoved");
                    Statement statement = connection.createStatement();
                    // The services' role owns its database, so its Flyway migrations may create tables.
                    ResultSet owner = statement.executeQuery("select pg_get_userbyid(datdba) from pg_database"
                            + " where datname = current_database()")) {
                assertThat(owner.next()).isTrue();
                assertThat(owner.getString(1)).isEqualTo("whatmoved");
            }
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(names).containsAll(Topics.all());
            Map<String, TopicDescription> described =
                    admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
            described.values().forEach(topic -> assertThat(topic.partitions())
                    .as(topic.name())
                    .hasSize(3));
        }
    }

    private static long count(Platform platform, String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(platform.jdbcUrl("features"), "whatmoved", "whatmoved");
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
