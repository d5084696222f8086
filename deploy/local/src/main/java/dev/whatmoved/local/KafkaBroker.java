package dev.whatmoved.local;

import dev.whatmoved.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka (KRaft, broker and controller in one process) run as a child JVM from
 * the launcher's dependency directory, with its data under the platform's data directory.
 */
final class KafkaBroker implements AutoCloseable {

    static final int PARTITIONS = 3;

    private final Path kafkaDir;
    private final Path logFile;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private final Children children;
    private ChildProcess process;

    /**
     * @param kafkaDir holds server.properties, the logging configuration and {@code data/}
     * @param classpath the broker's classpath (Kafka and a log4j binding)
     * @param children where the broker process is registered, so a stop during startup reaches it
     */
    KafkaBroker(Path kafkaDir, Path logFile, int port, int controllerPort, String classpath, Children children) {
        this.kafkaDir = kafkaDir;
        this.logFile = logFile;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.children = children;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    Path dataDir() {
        return kafkaDir.resolve("data");
    }

    /** Writes the configuration, formats the storage on first use, starts the broker and waits for it. */
    void start(Duration timeout) {
        try {
            Files.createDirectories(dataDir());
            // Rewritten each time: ports may change between runs, the cluster id lives in meta.properties.
            Files.writeString(serverProperties(), serverPropertiesText(), StandardCharsets.UTF_8);
            Files.writeString(log4jConfig(), LOG4J_CONFIG, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.exists(dataDir().resolve("meta.properties"))) {
            format();
        }
        process = children.start(
                "Kafka", javaCommand("kafka.Kafka", serverProperties().toString()), Map.of(), kafkaDir, logFile);
        awaitReady(timeout);
    }

    /** Creates the platform's topics (and their .dlq twins) that do not exist yet. */
    void createTopics() {
        List<NewTopic> wanted = Topics.all().stream()
                .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1))
                .toList();
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().values().forEach(future -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Another client (a service's producer) may have auto-created it meanwhile.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new LauncherException(
                                "could not create topics: " + e.getCause().getMessage(), e);
                    }
                } catch (InterruptedException | TimeoutException e) {
                    throw new LauncherException("could not create topics: " + e, e);
                }
            });
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new LauncherException("could not list topics: " + e, e);
        }
    }

    Long pid() {
        return process == null ? null : process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    ChildProcess process() {
        return process;
    }

    /** SIGTERM lets the broker shut down cleanly (no log recovery on the next start). */
    @Override
    public void close() {
        if (process != null) {
            process.requestStop();
            process.awaitStop(Duration.ofSeconds(20));
        }
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        // With static controller.quorum.voters, format needs neither --standalone nor --initial-controllers.
        ChildProcess formatter = children.start(
                "Kafka storage format",
                javaCommand(
                        "kafka.tools.StorageTool",
                        "format",
                        "--cluster-id",
                        clusterId,
                        "--config",
                        serverProperties().toString()),
                Map.of(),
                kafkaDir,
                logFile);
        try {
            boolean exited = formatter.waitFor(Duration.ofSeconds(120));
            if (exited) {
                children.forget(formatter);
            }
            if (!exited || formatter.exitValue() != 0) {
                formatter.awaitStop(Duration.ZERO);
                throw new LauncherException(
                        "formatting Kafka storage failed:" + System.lineSeparator() + formatter.tail(30),
                        LauncherException.STARTUP_FAILED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            formatter.awaitStop(Duration.ZERO);
            throw new LauncherException("interrupted while formatting Kafka storage", e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new LauncherException(
                            "Kafka exited with code " + process.exitValue() + " before it was ready; last lines of "
                                    + logFile + ":" + System.lineSeparator() + process.tail(30),
                            LauncherException.STARTUP_FAILED);
                }
                try {
                    admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new LauncherException(
                                "Kafka did not answer on " + bootstrap() + " within " + timeout.toSeconds()
                                        + " s; last lines of " + logFile + ":" + System.lineSeparator()
                                        + process.tail(30),
                                LauncherException.STARTUP_FAILED);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for Kafka", e);
        }
    }

    private Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        // Retry quickly while the broker is still starting, instead of the default exponential back-off.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        return Admin.create(config);
    }

    private List<String> javaCommand(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaBinary(),
                "-Xms256m",
                "-Xmx512m",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig(),
                "-cp",
                classpath,
                mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private Path serverProperties() {
        return kafkaDir.resolve("server.properties");
    }

    private Path log4jConfig() {
        return kafkaDir.resolve("log4j2.properties");
    }

    private String serverPropertiesText() {
        return String.join(
                "\n",
                "# Written by the whatmoved launcher on each start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dataDir(),
                "num.partitions=" + PARTITIONS,
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                // One broker: every internal topic has a single replica.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Fewer offsets partitions than the default 50: consumer groups form faster on a laptop.
                "offsets.topic.num.partitions=10",
                // Consumers join without the default 3 s wait for more members.
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    private static final String LOG4J_CONFIG = String.join(
            "\n",
            "# Written by the whatmoved launcher: broker logs go to stdout, which the launcher sends to kafka.log.",
            "status = warn",
            "appender.out.type = Console",
            "appender.out.name = OUT",
            "appender.out.layout.type = PatternLayout",
            "appender.out.layout.pattern = [%d] %p %m (%c)%n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.out.ref = OUT",
            "logger.state.name = state.change.logger",
            "logger.state.level = WARN",
            "");
}
