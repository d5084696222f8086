package dev.whatmoved.local;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The platform's PostgreSQL and Kafka: where they are (the platform's own on 127.0.0.1, or external servers), started
 * in that order unless external, and stopped. A {@link Platform#close()} from another thread is waited for until a
 * server being started is known, so it can be stopped.
 */
final class Infrastructure {

    private final PlatformConfig config;
    private final PrintStream out;
    private final Children children;
    private final Map<String, Duration> startTimes;
    private final List<Long> pids;
    /** Whose lock a start holds while a process is being made, and which says whether it is closing. */
    private final Platform owner;

    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;

    Infrastructure(
            PlatformConfig config,
            PrintStream out,
            Children children,
            Map<String, Duration> startTimes,
            List<Long> pids,
            Platform owner) {
        this.config = config;
        this.out = out;
        this.children = children;
        this.startTimes = startTimes;
        this.pids = pids;
        this.owner = owner;
    }

    void startPostgres() {
        if (config.externalPg().isPresent()) {
            out.println("  PostgreSQL  external at " + config.externalPg().get());
            return;
        }
        Path logFile = config.logsDir().resolve("postgres.log");
        ChildProcess.rotate(logFile);
        long begin = System.nanoTime();
        // Under the lock: pg_ctl detaches the server, so a stop must wait until it is known and can be stopped.
        synchronized (owner) {
            owner.requireNotClosed();
            postgres = new EmbeddedPostgresServer(
                    config.dataDir().resolve("postgres"), config.dataDir().resolve("pg-bin"), logFile, config.pgPort());
            postgres.start(config.startTimeout());
            postgres.postmasterPid().ifPresent(pids::add);
        }
        postgres.ensureDatabases(config.dbUser(), config.dbPassword(), PlatformConfig.DATABASES);
        Duration took = Platform.since(begin);
        startTimes.put("PostgreSQL", took);
        out.println("  PostgreSQL  ready on 127.0.0.1:" + config.pgPort() + " in " + Platform.seconds(took));
    }

    void startKafka() {
        if (config.externalKafka().isPresent()) {
            out.println("  Kafka       external at " + config.externalKafka().get());
            return;
        }
        Path logFile = config.logsDir().resolve("kafka.log");
        ChildProcess.rotate(logFile);
        long begin = System.nanoTime();
        synchronized (owner) {
            owner.requireNotClosed();
            kafka = new KafkaBroker(
                    config.dataDir().resolve("kafka"),
                    logFile,
                    config.kafkaPort(),
                    config.kafkaControllerPort(),
                    brokerClasspath(config.home()),
                    children);
        }
        kafka.start(config.startTimeout());
        pids.add(kafka.pid());
        Duration took = Platform.since(begin);
        startTimes.put("Kafka", took);
        kafka.createTopics();
        out.println("  Kafka       ready on " + kafka.bootstrap() + " in " + Platform.seconds(took)
                + " (topics in place after " + Platform.seconds(Platform.since(begin)) + ")");
    }

    /** Stops the platform's Kafka, if it started one (20 s, then a kill). */
    void stopKafka() {
        if (kafka != null) {
            long begin = System.nanoTime();
            kafka.close();
            out.println("whatmoved: stopped Kafka in " + Platform.seconds(Platform.since(begin)));
        }
    }

    /** Stops the platform's PostgreSQL, if it started one. */
    void stopPostgres() {
        if (postgres != null) {
            long begin = System.nanoTime();
            postgres.close();
            out.println("whatmoved: stopped PostgreSQL in " + Platform.seconds(Platform.since(begin)));
        }
    }

    /** The servers started here, as the {@link Supervisor} watches them: external ones are not ours to restart. */
    List<Supervised> supervised() {
        List<Supervised> parts = new ArrayList<>();
        Duration timeout = config.startTimeout();
        if (postgres != null) {
            parts.add(SupervisedParts.postgres(postgres, config.logsDir().resolve("postgres.log"), timeout, pids));
        }
        if (kafka != null) {
            parts.add(SupervisedParts.kafka(kafka, config.logsDir().resolve("kafka.log"), timeout, pids));
        }
        return parts;
    }

    Optional<Long> postgresPid() {
        return postgres == null ? Optional.empty() : postgres.postmasterPid();
    }

    Optional<Long> kafkaPid() {
        return kafka == null ? Optional.empty() : Optional.ofNullable(kafka.pid());
    }

    String kafkaBootstrap() {
        return config.externalKafka().map(HostPort::toString).orElse("127.0.0.1:" + config.kafkaPort());
    }

    String pgHost() {
        return config.externalPg().map(HostPort::host).orElse("127.0.0.1");
    }

    int pgPort() {
        return config.externalPg().map(HostPort::port).orElse(config.pgPort());
    }

    /**
     * Kafka and a log4j binding: the launcher's copied dependencies when packaged, otherwise (a run
     * from an IDE) the launcher's own classpath.
     */
    static String brokerClasspath(Path home) {
        Path lib = home.resolve("deploy/local/target/lib");
        if (Files.isDirectory(lib)) {
            return lib + "/*";
        }
        return System.getProperty("java.class.path");
    }
}
