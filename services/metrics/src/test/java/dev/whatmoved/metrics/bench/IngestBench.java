package dev.whatmoved.metrics.bench;

import dev.whatmoved.metrics.ServiceProcess;
import dev.whatmoved.testing.EmbeddedPlatform;
import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingestion benchmark ({@code deploy/bench/ingest/run.sh}; not a test). On one machine: a real PostgreSQL and a
 * real Kafka broker (the embedded platform), the packaged metrics service as its own process.
 *
 * <ol>
 *   <li>starts the service once to register the benchmark's metrics (20 metrics, 2 dimensions: 100 combinations each,
 *       2,000 series), then stops it, and gives {@code whatmoved.metric-points} production's partition count (12);
 *   <li>starts the service and runs rounds: each produces {@code points} (JSON arrays of {@code batch} points per
 *       record, keyed by metric) in one Kafka transaction, so the service (a read_committed consumer) sees none of
 *       them until the commit, and is timed from the commit until the offsets stored with the rollups reach every
 *       partition's last record (every point in durable rollups: pipeline start and end included). The first
 *       {@code warmupRounds} rounds warm the JVM up (code that runs once per transaction, about once a second, is
 *       still being compiled in the third round), then the benchmark waits until the service has announced what they
 *       changed (so an announcement round is warm too); the rate is the measured rounds' points over their summed
 *       times; the rollups must then hold every point;
 *   <li>posts NDJSON batches of 1,000 points to {@code /api/points} from several clients (each answered 202 once
 *       durable in the staging table), first {@code httpWarmupPoints} to warm the HTTP path up, then {@code httpPoints}
 *       measured until the staging table is empty (every point in the rollups), then checks the rollups hold every point
 *       sent;
 *   <li>stops the service and reads every record with a bare Kafka consumer that does nothing else (the reference
 *       rate, over the records of the measured rounds);
 *   <li>prints {@code RESULT points_per_s=… bare_per_s=… ratio=… http_points_per_s=… peak_rss_mb=…
 *       first_round_points_per_s=… first_round_ratio=…} (peak RSS of the service process: VmHWM; the first round is
 *       a freshly started service).
 * </ol>
 *
 * System properties: {@code points} (5,000,000 per round), {@code rounds} (3 measured), {@code warmupRounds} (3),
 * {@code batch} (1,000), {@code partitions} (12), {@code httpPoints} (1,000,000), {@code httpWarmupPoints} (1,000,000,
 * posted before), {@code httpClients} (16),
 * {@code serviceJar} (services/metrics/target/quarkus-app/quarkus-run.jar), {@code serviceOpts} (JVM options of the
 * service, -Xmx1g), {@code consumers} (the service's Kafka consumers), {@code jfr} (a file: the service records a JFR
 * profile there).
 */
public final class IngestBench {

    static final String TOPIC = "whatmoved.metric-points";
    static final int METRICS = 20;
    static final String[] COUNTRIES = {
        "de", "fr", "it", "es", "nl", "be", "at", "ch", "pl", "cz", "se", "no", "dk", "fi", "pt", "ie", "gb", "us",
        "ca", "br"
    };
    static final String[] PLANS = {"free", "starter", "pro", "team", "enterprise"};

    private final long points = Long.getLong("points", 5_000_000);
    /** Points produced before the measured ones, read first by both consumers: the rates are of a warmed-up JVM. */
    /**
     * Rounds of {@code points} the service ingests before the measured round, as a warm-up: the first round meets a
     * freshly started JVM, which compiles the per-record and per-transaction code while it runs.
     */
    private final int warmupRounds = Integer.getInteger("warmupRounds", 3);
    /**
     * Measured rounds of {@code points} each: the rate is their points over their summed times. More than one, because
     * the service's background work (a rollup announcement every 10 s) falls into some rounds and not others.
     */
    private final int measuredRounds = Integer.getInteger("rounds", 3);

    private final int batch = Integer.getInteger("batch", 1000);
    /** Partitions of the topic: as deploy/compose/create-topics.sh makes it (docs/operations.md). */
    private final int partitions = Integer.getInteger("partitions", 12);

    private final long httpPoints = Long.getLong("httpPoints", 1_000_000);
    private final long httpWarmupPoints = Long.getLong("httpWarmupPoints", 1_000_000);
    private final int httpClients = Integer.getInteger("httpClients", 16);
    private final Path jar =
            Path.of(System.getProperty("serviceJar", "services/metrics/target/quarkus-app/quarkus-run.jar"));
    private final String serviceOpts = System.getProperty("serviceOpts", "-Xmx1g");
    /** The service's Kafka consumers (threads in the group); empty: its default. */
    private final String consumers = System.getProperty("consumers", "");
    /** Where the service writes a flight recording (JFR, profile settings) of the whole run; empty: none. */
    private final String jfr = System.getProperty("jfr", "");

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedPlatform platform;
    private String token;
    private Path work;

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            new IngestBench().run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            status = 1;
        }
        System.exit(status); // the in-JVM broker's threads would keep the JVM alive
    }

    void run() throws Exception {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " not found: package the service first");
        }
        work = Files.createTempDirectory("whatmoved-bench");
        log("starting PostgreSQL and Kafka");
        platform = EmbeddedPlatform.get();
        token = mintToken();

        log("registering %d metrics", METRICS);
        ServiceProcess setup = startService();
        for (int m = 0; m < METRICS; m++) {
            post(
                    setup.url() + "/api/metrics",
                    "application/json",
                    "{\"key\": \"bench.m" + m + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                            + " \"dimensions\": [\"country\", \"plan\"]}",
                    201);
        }
        setup.stop();

        addPartitions();
        long records = (points + batch - 1) / batch;
        int rounds = warmupRounds + measuredRounds;
        long total = rounds * records;
        Random random = new Random(1);
        Instant now = Instant.now();

        log("metrics service: starting");
        ServiceProcess service = startService();
        double[] perRound = new double[rounds];
        double measuredSeconds = 0;
        for (int round = 0; round < rounds; round++) {
            log(
                    "round %d of %d: producing %,d points in %,d records in one Kafka transaction (the service reads"
                            + " committed records only, so it sees none of them until the commit)",
                    round + 1, rounds, records * batch, records);
            double seconds;
            try (var producer = producer()) {
                producer.initTransactions();
                producer.beginTransaction();
                send(producer, random, now, records);
                long end = sumOfEndOffsets(); // before the commit marker: each partition's last record + 1
                long committing = System.nanoTime();
                producer.commitTransaction();
                seconds = (awaitApplied(service, end) - committing) / 1e9;
            }
            perRound[round] = records * batch / seconds;
            if (round >= warmupRounds) {
                measuredSeconds += seconds;
            }
            log(
                    "round %d of %d%s: %,d points from the commit until in durable rollups in %.2f s: %,.0f points/s",
                    round + 1,
                    rounds,
                    round < warmupRounds ? " (warm-up)" : "",
                    records * batch,
                    seconds,
                    perRound[round]);
            if (round == warmupRounds - 1) {
                log("warm-up: waiting until the service has announced every bucket the warm-up changed");
                awaitAnnounced(service);
            }
        }
        double pointsPerS = measuredRounds * records * batch / measuredSeconds;
        log("metrics service: the %d measured rounds together: %,.0f points/s", measuredRounds, pointsPerS);
        long stored = storedPoints();
        if (stored != total * batch) {
            throw new IllegalStateException("rollups hold " + stored + " points, " + total * batch + " produced");
        }

        log(
                "HTTP warm-up: %,d points in NDJSON batches of 1,000 from %d clients (the HTTP path's code is still cold:"
                        + " in a first pass the JIT compiler took half of the service's CPU)",
                httpWarmupPoints, httpClients);
        log("HTTP warm-up: %,.0f points/s into durable rollups", httpBench(service, httpWarmupPoints, 3));
        log("HTTP: %,d points in NDJSON batches of 1,000 from %d clients", httpPoints, httpClients);
        double httpPerS = httpBench(service, httpPoints, 2);
        log("HTTP: %,.0f points/s into durable rollups", httpPerS);
        long httpSent = httpWarmupPoints / 1000 * 1000 + httpPoints / 1000 * 1000;
        long all = storedPoints();
        if (all != total * batch + httpSent) {
            throw new IllegalStateException("rollups hold " + all + " points, " + (total * batch + httpSent) + " sent");
        }
        long rssMb = service.peakRssKb() / 1024;
        service.stop();

        log("bare consumer: reading every record (the service stopped)");
        double[] bare = bare(total, warmupRounds * records);
        log(
                "bare consumer: the warm-up rounds at %,.0f points/s, the measured rounds at %,.0f points/s",
                bare[0] * batch, bare[1] * batch);
        double barePerS = bare[1] * batch;
        System.out.printf(
                "RESULT points_per_s=%.0f bare_per_s=%.0f ratio=%.2f http_points_per_s=%.0f peak_rss_mb=%d"
                        + " first_round_points_per_s=%.0f first_round_ratio=%.2f%n",
                pointsPerS,
                barePerS,
                pointsPerS / barePerS,
                httpPerS,
                rssMb,
                perRound[0],
                perRound[0] / (bare[0] * batch));
    }

    /** Deterministic points: the last 6 hours, 2,000 series (20 metrics x 20 countries x 5 plans). */
    private byte[] record(Random random, int metric, Instant now, boolean ndjson) {
        StringBuilder out = new StringBuilder(batch * 100);
        out.append(ndjson ? "" : "[");
        for (int i = 0; i < batch; i++) {
            Instant at = now.minusMillis(random.nextInt(6 * 3600 * 1000));
            if (!ndjson && i > 0) {
                out.append(',');
            }
            out.append("{");
            if (ndjson) {
                out.append("\"metric\":\"bench.m").append(metric).append("\",");
            }
            out.append("\"timestamp\":\"")
                    .append(at.truncatedTo(ChronoUnit.MILLIS))
                    .append("\",\"value\":")
                    .append(random.nextInt(1000))
                    .append(",\"dimensions\":{\"country\":\"")
                    .append(COUNTRIES[random.nextInt(COUNTRIES.length)])
                    .append("\",\"plan\":\"")
                    .append(PLANS[random.nextInt(PLANS.length)])
                    .append("\"}}");
            if (ndjson) {
                out.append('\n');
            }
        }
        out.append(ndjson ? "" : "]");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-" + UUID.randomUUID());
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    private void send(KafkaProducer<String, byte[]> producer, Random random, Instant now, long records) {
        for (long r = 0; r < records; r++) {
            int metric = (int) (r % METRICS);
            producer.send(new ProducerRecord<>(TOPIC, "bench.m" + metric, record(random, metric, now, false)));
        }
        producer.flush();
    }

    /**
     * Reads every record (committed ones, as the service does); returns the records per second of the first
     * {@code warmup} records and of the rest.
     */
    private double[] bare(long records, long warmup) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-bare");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
        long bytes = 0;
        long read = 0;
        long first = System.nanoTime();
        long start = 0;
        long readAtStart = 0;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (read < records) {
                if (start == 0 && read >= warmup) {
                    start = System.nanoTime();
                    readAtStart = read;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    bytes += record.value().length();
                    read++;
                }
            }
        }
        long end = System.nanoTime();
        log("bare consumer: %,d records, %,d MB (uncompressed)", read, bytes >> 20);
        return new double[] {readAtStart / ((start - first) / 1e9), (read - readAtStart) / ((end - start) / 1e9)};
    }

    /**
     * Waits until no bucket is due for announcing: the warm-up then includes an announcement round (its code compiled,
     * its first, largest batch sent), as it would have in a service that has been running for a while.
     */
    private void awaitAnnounced(ServiceProcess service) throws Exception {
        await(
                service,
                "select count(*) from rollup where due_since is not null",
                due -> due == 0,
                Duration.ofMinutes(2),
                "the service did not announce the warm-up's buckets within 2 minutes");
    }

    /**
     * Waits until the offsets the service stored with its rollups add up to {@code target} (every record up to there
     * applied) and returns when that was seen.
     */
    private long awaitApplied(ServiceProcess service, long target) throws Exception {
        return await(
                service,
                "select coalesce(sum(next_offset), 0) from consumer_offset where topic = '" + TOPIC + "'",
                applied -> applied >= target,
                Duration.ofMinutes(20),
                "the service did not ingest everything within 20 minutes");
    }

    /**
     * Runs {@code query} (one number) every 20 ms until its answer satisfies {@code done}, sampling the service's RSS
     * meanwhile; returns when it did.
     */
    private long await(ServiceProcess service, String query, LongPredicate done, Duration within, String failure)
            throws Exception {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl("metrics"), "postgres", "postgres")) {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = db.createStatement().executeQuery(query)) {
                    rows.next();
                    if (done.test(rows.getLong(1))) {
                        return System.nanoTime();
                    }
                }
                service.sampleRss();
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException(failure);
    }

    /** The embedded platform makes every topic with 3 partitions; production's metric-points topic has more. */
    private void addPartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.kafkaBootstrapServers()))) {
            int now = admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get()
                    .get(TOPIC)
                    .partitions()
                    .size();
            if (partitions > now) {
                admin.createPartitions(Map.of(TOPIC, NewPartitions.increaseTo(partitions)))
                        .all()
                        .get();
            }
            log("%s: %d partitions", TOPIC, Math.max(now, partitions));
        }
    }

    private long sumOfEndOffsets() {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<Integer, Long> endOffsets() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrapServers());
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition()))
                    .toList();
            Map<Integer, Long> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) -> end.put(tp.partition(), offset));
            return end;
        }
    }

    private long storedPoints() throws Exception {
        try (Connection db = DriverManager.getConnection(platform.jdbcUrl("metrics"), "postgres", "postgres");
                ResultSet rows = db.createStatement()
                        .executeQuery("select coalesce(sum(count), 0) from rollup where granularity = 'day'"
                                + " and dims = '{}' and metric like 'bench.%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private double httpBench(ServiceProcess service, long points, long seed) throws Exception {
        long requests = points / 1000;
        Random random = new Random(seed);
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        int saveBatch = 1000;
        for (int i = 0; i < Math.min(requests, 200); i++) {
            bodies.add(record(random, i % METRICS, now, true));
        }
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(httpClients);
        long start = System.nanoTime();
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < httpClients; c++) {
            clients.add(pool.submit(() -> {
                long i;
                while ((i = next.getAndIncrement()) < requests) {
                    post(
                            service.url() + "/api/points",
                            "application/x-ndjson",
                            bodies.get((int) (i % bodies.size())),
                            202);
                    if (i % 50 == 0) {
                        service.sampleRss();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        double answered = (System.nanoTime() - start) / 1e9;
        log(
                "HTTP: every request answered 202 after %.2f s (%,.0f points/s)",
                answered, requests * saveBatch / answered);
        awaitStagingApplied(service);
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return requests * saveBatch / seconds;
    }

    /** Until the staging table is empty: every point answered is in the rollups. */
    private void awaitStagingApplied(ServiceProcess service) throws Exception {
        await(
                service,
                "select count(*) from rollup_staging",
                rows -> rows == 0,
                Duration.ofMinutes(10),
                "the staging table did not reach the rollups within 10 minutes");
    }

    private void post(String url, String type, Object body, int expected) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body instanceof byte[] bytes
                ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", type)
                        .POST(publisher)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private String mintToken() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        Files.writeString(
                work.resolve("public.pem"),
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(keys.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        return Jwt.issuer("whatmoved")
                .subject("bench")
                .claim("scope", "admin")
                .expiresIn(Duration.ofHours(2))
                .sign(keys.getPrivate());
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench] " + format + "%n", args);
    }

    private ServiceProcess startService() throws Exception {
        List<String> options = new ArrayList<>(
                serviceOpts.isBlank() ? List.of() : List.of(serviceOpts.trim().split("\\s+")));
        if (!consumers.isBlank()) {
            options.add("-Dwhatmoved.metrics.kafka.consumers=" + consumers);
        }
        if (!jfr.isBlank()) {
            options.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
        }
        return ServiceProcess.start(
                jar, platform, "metrics", work.resolve("public.pem"), work.resolve("service.log"), options);
    }
}
