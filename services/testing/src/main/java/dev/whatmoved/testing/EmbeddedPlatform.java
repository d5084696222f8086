package dev.whatmoved.testing;

import dev.whatmoved.events.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * The real infrastructure of a test JVM: one PostgreSQL 17 server (zonky's embedded binaries, a real postgres process)
 * and one Kafka KRaft broker running inside this JVM. Started on first use, shared by every test of the JVM, stopped
 * when the JVM exits. No Docker, no pre-started server.
 */
public final class EmbeddedPlatform {

    private static final int PARTITIONS = 3;
    private static EmbeddedPlatform instance;

    private final EmbeddedPostgres postgres;
    private final KafkaClusterTestKit kafka;
    private final Set<String> databases = new HashSet<>();

    private EmbeddedPlatform(EmbeddedPostgres postgres, KafkaClusterTestKit kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** The platform of this JVM, started on first call. */
    public static synchronized EmbeddedPlatform get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "embedded-platform-stop"));
        }
        return instance;
    }

    private static EmbeddedPlatform start() {
        EmbeddedPostgres postgres = null;
        try {
            Path work = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "whatmoved-platform"));
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(work.resolve("postgres").toFile())
                    .start();
            KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .setBaseDirectory(Files.createTempDirectory(work, "kafka"))
                            .build())
                    .setConfigProp("num.partitions", PARTITIONS)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .setConfigProp("auto.create.topics.enable", true)
                    // one broker: the internal topics (consumer offsets above all) cannot have more replicas
                    .setConfigProp("offsets.topic.replication.factor", (short) 1)
                    .setConfigProp("offsets.topic.num.partitions", 5)
                    .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.min.isr", 1)
                    .setConfigProp("share.coordinator.state.topic.replication.factor", (short) 1)
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            createTopics(kafka.bootstrapServers());
            return new EmbeddedPlatform(postgres, kafka);
        } catch (Exception e) {
            closeQuietly(postgres);
            throw new IllegalStateException("could not start the embedded test platform", e);
        }
    }

    /** Like the embedded platform and production, topics exist before any service subscribes. */
    private static void createTopics(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(Topics.all().stream()
                            .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public int postgresPort() {
        return postgres.getPort();
    }

    /** A JDBC URL of {@code database} on the embedded server (as the superuser {@code postgres}). */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    /** Creates {@code name} unless it exists; returns it. */
    public synchronized String database(String name) {
        if (databases.add(name)) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    var statement = connection.createStatement()) {
                var exists = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'");
                if (!exists.next()) {
                    statement.execute("create database \"" + name + "\"");
                }
            } catch (SQLException e) {
                databases.remove(name);
                throw new IllegalStateException("could not create database " + name, e);
            }
        }
        return name;
    }

    /**
     * The configuration a service needs to run on this platform with its own {@code database}: the same
     * {@code whatmoved.db.*}, {@code kafka.bootstrap.servers} and token-verification settings the embedded platform and
     * production use.
     */
    public Map<String, String> serviceConfig(String database) {
        return Map.of(
                "whatmoved.db.host",
                "localhost",
                "whatmoved.db.port",
                String.valueOf(postgresPort()),
                "whatmoved.db.name",
                database(database),
                "whatmoved.db.user",
                "postgres",
                "whatmoved.db.password",
                "postgres",
                "kafka.bootstrap.servers",
                kafkaBootstrapServers());
    }

    private void stop() {
        try {
            kafka.close();
        } catch (Exception e) {
            // the JVM is exiting; nothing left to do with the error
        }
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (Exception e) {
                // the JVM is exiting; nothing left to do with the error
            }
        }
    }
}
