package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.whatmoved.events.Topics;
import java.io.IOException;
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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Starts the real PostgreSQL and Kafka through {@link Platform} (no services), on free ports and in
 * a data directory under target/, twice: the second start must find the first one's data.
 */
class InfrastructureIT {

    private static final TopicPartition PARTITION_0 = new TopicPartition("whatmoved.features", 0);

    @Test
    void startsKeepsDataAcrossRestartAndLeavesNothingBehind() throws Exception {
        Path dataDir = Files.createTempDirectory("infrastructure-it");
        List<Integer> ports = LeftBehind.freePorts(3);
        PlatformConfig config = PlatformConfig.from(
                Map.of(
                        "WHATMOVED_DATA_DIR", dataDir.toString(),
                        "WHATMOVED_PG_PORT", ports.get(0).toString(),
                        "WHATMOVED_KAFKA_PORT", ports.get(1).toString(),
                        "WHATMOVED_KAFKA_CONTROLLER_PORT", ports.get(2).toString()),
                List.of("--infra-only"),
                RepoHome.resolve());
        List<Long> pids = new ArrayList<>();

        try (Platform platform = Platform.start(config)) {
            pids.addAll(platform.childPids());
            assertEquals(2, pids.size(), "postmaster and broker");
            for (String database : PlatformConfig.DATABASES) {
                assertEquals(database, query(platform, database, "SELECT current_database()"));
                // The services' role owns its database, so its Flyway migrations may create tables.
                assertEquals(
                        "whatmoved",
                        query(
                                platform,
                                database,
                                "SELECT pg_get_userbyid(datdba) FROM pg_database"
                                        + " WHERE datname = current_database()"));
            }
            execute(platform, "features", "CREATE TABLE survivor (id int PRIMARY KEY)");
            execute(platform, "features", "INSERT INTO survivor VALUES (42)");
            assertTopics(platform.kafkaBootstrap());
            produce(platform.kafkaBootstrap(), "still here");
        }
        LeftBehind.assertNothingLeft(pids, ports);

        try (Platform platform = Platform.start(config)) {
            pids.addAll(platform.childPids());
            assertEquals("42", query(platform, "features", "SELECT id FROM survivor"));
            assertTopics(platform.kafkaBootstrap());
            assertEquals("still here", firstValue(platform.kafkaBootstrap()));

            // Supervised, as under ./whatmoved up: kill -9 of the broker and of PostgreSQL, each brought back.
            platform.supervise();
            long broker = platform.childPids().get(1);
            ProcessHandle.of(broker).orElseThrow().destroyForcibly();
            awaitNewPid(platform, broker);
            assertEquals("still here", firstValue(platform.kafkaBootstrap()));
            long postmaster = platform.childPids().get(0);
            ProcessHandle.of(postmaster).orElseThrow().destroyForcibly();
            awaitNewPid(platform, postmaster);
            assertEquals("42", query(platform, "features", "SELECT id FROM survivor"));
            // ./whatmoved restart kafka, through the running launcher's supervisor
            RestartRequests restart = new RestartRequests(dataDir);
            restart.ask("kafka");
            String outcome =
                    restart.awaitAnswer("kafka", Duration.ofSeconds(90)).orElseThrow();
            assertTrue(outcome.startsWith("kafka is back, ready in"), outcome);
            assertEquals("still here", firstValue(platform.kafkaBootstrap()));
            String said = Files.readString(config.logsDir().resolve("supervisor.log"));
            assertTrue(said.contains("kafka exited with code 137; restarting it in 1 s"), said);
            assertTrue(said.contains("postgres is gone (its postmaster is not running); restarting it in 1 s"), said);
            assertTrue(said.contains("postgres is back, ready in"), said);
            pids.addAll(platform.childPids());
        }
        LeftBehind.assertNothingLeft(pids, ports);
        // Kept when the test fails (the logs are in there); about 140 MB otherwise.
        deleteRecursively(dataDir);
    }

    /** Waits until the supervisor has started a new process in place of {@code dead} (the platform lists its pid). */
    private static void awaitNewPid(Platform platform, long dead) throws InterruptedException {
        int before = platform.childPids().size();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (platform.childPids().size() == before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(platform.childPids().size() > before, "no process started in place of " + dead);
        assertTrue(ProcessHandle.of(dead).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void assertTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (String topic : Topics.all()) {
                assertTrue(names.contains(topic), topic + " in " + names);
            }
            Map<String, TopicDescription> described =
                    admin.describeTopics(Topics.all()).allTopicNames().get(30, TimeUnit.SECONDS);
            described
                    .values()
                    .forEach(topic -> assertEquals(3, topic.partitions().size(), topic.name()));
        }
    }

    private static void produce(String bootstrap, String value) throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(PARTITION_0.topic(), PARTITION_0.partition(), "key", value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static String firstValue(String bootstrap) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(PARTITION_0));
            consumer.seekToBeginning(List.of(PARTITION_0));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    return records.iterator().next().value();
                }
            }
            return null;
        }
    }

    private static String query(Platform platform, String database, String sql) throws SQLException {
        try (Connection connection = connect(platform, database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next(), sql);
            return result.getString(1);
        }
    }

    private static void execute(Platform platform, String database, String sql) throws SQLException {
        try (Connection connection = connect(platform, database);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(Platform platform, String database) throws SQLException {
        return DriverManager.getConnection(platform.jdbcUrl(database), "whatmoved", "whatmoved");
    }
}
