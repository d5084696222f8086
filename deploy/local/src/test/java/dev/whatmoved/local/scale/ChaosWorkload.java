package dev.whatmoved.local.scale;

import dev.whatmoved.events.Topics;
import dev.whatmoved.local.Platform;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the chaos test ({@code ChaosIT}) keeps sending while it kills the platform's parts, as clients would, and what
 * was acknowledged. Four streams, each on its own thread until {@link #close()}:
 *
 * <ul>
 *   <li>Kafka: a record of {@value #KAFKA_BATCH} points of {@link #KAFKA_METRIC} (two dimensions, the last 20 days)
 *       every 100 ms, from an idempotent producer with {@code acks=all}; a record's points are expected once the
 *       broker acknowledged it;
 *   <li>HTTP: a batch of {@value #HTTP_BATCH} points of {@link #HTTP_METRIC} every 500 ms (for 20 days of hours at most), each batch alone in its hour;
 *       a refused connection or a {@code 503} is retried (after {@code Retry-After}, at most 1 s here), a {@code 202}
 *       makes the points expected, and an answer lost on the way leaves the batch in doubt: not retried (the endpoint
 *       has no idempotency key), its hour must then hold the batch once or nothing;
 *   <li>releases: one every 4 s, linking one of the two features, dated 8 to 12 days back (so checkpoints are due),
 *       with an {@code Idempotency-Key} and retried until answered {@code 201} (or {@code 200}: a retry of one stored);
 *   <li>reads: a feature, a release's outcomes and a series, once a second.
 * </ul>
 *
 * Every HTTP answer is recorded: a {@code 5xx} other than {@code 503}, or a {@code 503} without {@code Retry-After},
 * is a violation.
 */
public final class ChaosWorkload implements AutoCloseable {

    public static final String KAFKA_METRIC = "chaos.kafka";
    public static final String HTTP_METRIC = "chaos.http";
    static final List<String> FEATURES = List.of("chaos-kafka", "chaos-http");
    static final int KAFKA_BATCH = 50;
    static final int HTTP_BATCH = 10;
    static final long HTTP_EVERY_MS = 500;
    /** One batch an hour back from yesterday, for 20 days at most (as the Kafka points): then the stream pauses. */
    static final int MAX_HTTP_BATCHES = 24 * 20;

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final Platform platform;
    private final String token;
    private final URI metrics;
    private final URI features;
    private final URI attribution;
    private final LocalDate today = RollupCheck.today();
    private final Instant firstHour =
            today.minusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private final ExpectedRollups expected = new ExpectedRollups();
    private final Map<Instant, long[]> httpInDoubt = new ConcurrentHashMap<>();
    private final List<OutcomeCheck.PostedRelease> releases = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> kafkaFailures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong kafkaAcked = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private final KafkaProducer<String, byte[]> producer;
    private volatile boolean running = true;

    public ChaosWorkload(Platform platform) {
        this.platform = platform;
        this.token = platform.token("chaos", "read", "metrics:write", "features:write", "releases:write");
        this.metrics = platform.serviceUrl("metrics");
        this.features = platform.serviceUrl("features");
        this.attribution = platform.serviceUrl("attribution");
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafkaBootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // the broker is away for some 15 s: every record is retried until it is back, none given up
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /** Registers the two metrics and a committed feature predicting each. */
    public void register() {
        Api api = new Api(token);
        api.post(
                metrics.resolve("/api/metrics"),
                "{\"key\": \"" + KAFKA_METRIC + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                        + " \"dimensions\": [\"country\", \"plan\"]}",
                201);
        api.post(
                metrics.resolve("/api/metrics"),
                "{\"key\": \"" + HTTP_METRIC + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\"}",
                201);
        for (int i = 0; i < FEATURES.size(); i++) {
            String metric = i == 0 ? KAFKA_METRIC : HTTP_METRIC;
            api.post(
                    features.resolve("/api/features"),
                    "{\"key\": \"" + FEATURES.get(i) + "\", \"title\": \"Chaos " + i + "\", \"team\": \"chaos\","
                            + " \"owner\": \"chaos\", \"predictions\": [{\"metric\": \"" + metric + "\","
                            + " \"direction\": \"up\", \"expectedChangePct\": 5, \"confidence\": 0.6}]}",
                    201);
            api.post(features.resolve("/api/features/" + FEATURES.get(i) + "/commit"), "", 200);
        }
    }

    /** Starts the four streams. */
    public void start() {
        stream("chaos-kafka", this::kafkaPoints);
        stream("chaos-http", this::httpPoints);
        stream("chaos-releases", this::releaseStream);
        stream("chaos-reads", this::reads);
    }

    private void stream(String name, Runnable body) {
        Thread thread = new Thread(
                () -> {
                    try {
                        body.run();
                    } catch (RuntimeException | Error e) {
                        violations.add("stream " + name + " died: " + e);
                    }
                },
                name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void kafkaPoints() {
        Random random = new Random(7);
        while (running) {
            List<Object[]> points = new ArrayList<>();
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < KAFKA_BATCH; i++) {
                Instant at = today.minusDays(1 + random.nextInt(20))
                        .atTime(10, 0)
                        .toInstant(ZoneOffset.UTC)
                        .plusMillis(random.nextInt(2 * 3_600_000));
                String country = PointBatches.COUNTRIES[random.nextInt(PointBatches.COUNTRIES.length)];
                String plan = PointBatches.PLANS[random.nextInt(PointBatches.PLANS.length)];
                int value = random.nextInt(1000);
                json.append(i == 0 ? "" : ",")
                        .append("{\"timestamp\":\"")
                        .append(at)
                        .append("\",\"value\":")
                        .append(value)
                        .append(",\"dimensions\":{\"country\":\"")
                        .append(country)
                        .append("\",\"plan\":\"")
                        .append(plan)
                        .append("\"}}");
                points.add(new Object[] {at, "country:" + country + ",plan:" + plan, value});
            }
            byte[] value = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(Topics.METRIC_POINTS, KAFKA_METRIC, value), (m, e) -> {
                if (e != null) {
                    kafkaFailures.add(e.toString());
                    return;
                }
                kafkaAcked.incrementAndGet();
                for (Object[] p : points) {
                    expected.add(KAFKA_METRIC, (Instant) p[0], (String) p[1], (Integer) p[2]);
                }
            });
            pause(Duration.ofMillis(100));
        }
        producer.flush();
    }

    private void httpPoints() {
        for (int batch = 0; running; batch++) {
            if (batch >= MAX_HTTP_BATCHES) {
                pause(Duration.ofMillis(HTTP_EVERY_MS));
                continue;
            }
            Instant hour = firstHour.minus(batch, ChronoUnit.HOURS);
            StringBuilder json = new StringBuilder("[");
            long sum = 0;
            for (int i = 0; i < HTTP_BATCH; i++) {
                int value = 1 + (batch * HTTP_BATCH + i) % 97;
                sum += value;
                json.append(i == 0 ? "" : ",")
                        .append("{\"timestamp\":\"")
                        .append(hour.plus(i * 5L, ChronoUnit.MINUTES))
                        .append("\",\"value\":")
                        .append(value)
                        .append('}');
            }
            HttpRequest request = HttpRequest.newBuilder(metrics.resolve("/api/metrics/" + HTTP_METRIC + "/points"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.append(']').toString()))
                    .build();
            Optional<HttpResponse<String>> answer = untilAnswered(request, false);
            if (answer.isPresent() && answer.get().statusCode() == 202) {
                for (int i = 0; i < HTTP_BATCH; i++) {
                    expected.add(
                            HTTP_METRIC, hour.plus(i * 5L, ChronoUnit.MINUTES), "", 1 + (batch * HTTP_BATCH + i) % 97);
                }
            } else {
                httpInDoubt.put(hour, new long[] {sum, HTTP_BATCH});
            }
            pause(Duration.ofMillis(HTTP_EVERY_MS));
        }
    }

    private void releaseStream() {
        for (int n = 0; running; n++) {
            String feature = FEATURES.get(n % FEATURES.size());
            LocalDate day = today.minusDays(8 + n % 5);
            HttpRequest request = HttpRequest.newBuilder(features.resolve("/api/releases"))
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\": \"chaos-svc\", \"version\": \"1.0." + n
                            + "\", \"environment\": \"production\", \"deployedAt\": \"" + day + "T10:15:00Z\","
                            + " \"features\": [\"" + feature + "\"]}"))
                    .build();
            Optional<HttpResponse<String>> answer = untilAnswered(request, true);
            if (answer.isPresent()
                    && (answer.get().statusCode() == 201 || answer.get().statusCode() == 200)) {
                String id = Api.read(answer.get().body().getBytes(StandardCharsets.UTF_8))
                        .path("id")
                        .asText();
                releases.add(new OutcomeCheck.PostedRelease(UUID.fromString(id), feature, day));
            }
            pause(Duration.ofMillis(4000));
        }
    }

    private void reads() {
        while (running) {
            List<URI> reads = new ArrayList<>(List.of(
                    features.resolve("/api/features/" + FEATURES.get(0)),
                    metrics.resolve("/api/metrics/" + HTTP_METRIC + "/series?from=" + today.minusDays(30) + "&to="
                            + today.plusDays(1) + "&granularity=day")));
            synchronized (releases) {
                if (!releases.isEmpty()) {
                    reads.add(attribution.resolve(
                            "/api/releases/" + releases.get(releases.size() - 1).id() + "/outcomes"));
                }
            }
            for (URI uri : reads) {
                try {
                    // a release attribution has not read yet is not found: not a failure
                    record(
                            http.send(
                                    authorized(HttpRequest.newBuilder(uri).GET()),
                                    HttpResponse.BodyHandlers.ofString()),
                            true);
                } catch (IOException e) {
                    refused.incrementAndGet();
                } catch (InterruptedException e) {
                    return;
                }
            }
            pause(Duration.ofSeconds(1));
        }
    }

    /**
     * Sends until an answer other than {@code 503} comes. A refused connection (nothing was sent) is always retried; an
     * answer lost on the way only when {@code idempotent}. Empty when it stopped without an answer.
     */
    private Optional<HttpResponse<String>> untilAnswered(HttpRequest request, boolean idempotent) {
        HttpRequest signed = authorized(HttpRequest.newBuilder(request, (name, value) -> true));
        // after close() a request in flight is still seen through for 60 s: its answer decides what was acknowledged
        long giveUp = Long.MAX_VALUE;
        while (true) {
            if (!running && giveUp == Long.MAX_VALUE) {
                giveUp = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            }
            if (System.nanoTime() > giveUp) {
                return Optional.empty();
            }
            try {
                HttpResponse<String> answer = http.send(signed, HttpResponse.BodyHandlers.ofString());
                record(answer, false);
                if (answer.statusCode() != 503) {
                    return Optional.of(answer);
                }
                long retryAfter =
                        answer.headers().firstValueAsLong("Retry-After").orElse(1);
                pause(Duration.ofSeconds(Math.min(1, Math.max(retryAfter, 0))));
            } catch (ConnectException e) {
                refused.incrementAndGet();
                pause(Duration.ofMillis(300));
            } catch (IOException e) {
                refused.incrementAndGet();
                if (!idempotent) {
                    return Optional.empty();
                }
                pause(Duration.ofMillis(300));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private HttpRequest authorized(HttpRequest.Builder request) {
        return request.header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    private void record(HttpResponse<String> answer, boolean notFoundIsFine) {
        int status = answer.statusCode();
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        String what = answer.request().method() + " " + answer.request().uri().getPath() + " answered " + status;
        if (status == 503 && answer.headers().firstValue("Retry-After").isEmpty()) {
            violations.add(what + " without Retry-After: " + answer.body());
        } else if (status >= 500 && status != 503) {
            violations.add(what + ": " + answer.body());
        } else if (status >= 400 && status != 503 && !(notFoundIsFine && status == 404)) {
            violations.add(what + " (a client error the workload never causes): " + answer.body());
        }
    }

    /** Stops the streams, waiting for each to see its request in flight through, and flushes the producer. */
    @Override
    public void close() {
        running = false;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(90).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(30));
    }

    /** HTTP answers by status, a summary for the test's output. */
    public Map<Integer, Long> statuses() {
        Map<Integer, Long> copy = new TreeMap<>();
        statuses.forEach((status, count) -> copy.put(status, count.get()));
        return copy;
    }

    /** 5xx answers other than a 503 with Retry-After, and 4xx the workload never provokes. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Records the producer gave up on (none may be: the broker comes back within the delivery timeout). */
    public List<String> kafkaFailures() {
        return List.copyOf(kafkaFailures);
    }

    public long refusedOrLost() {
        return refused.get();
    }

    public long kafkaRecordsAcknowledged() {
        return kafkaAcked.get();
    }

    public int httpBatchesInDoubt() {
        return httpInDoubt.size();
    }

    /** Releases acknowledged (201, or 200 for a retry of one stored). */
    public int releaseCount() {
        return releases().size();
    }

    List<OutcomeCheck.PostedRelease> releases() {
        synchronized (releases) {
            return List.copyOf(releases);
        }
    }

    public long acknowledgedPoints() {
        return expected.points();
    }

    ExpectedRollups expected() {
        return expected;
    }

    Map<Instant, long[]> httpInDoubtByHour() {
        return httpInDoubt;
    }

    String token() {
        return token;
    }

    Platform platform() {
        return platform;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
