package dev.whatmoved.metrics.announce;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.config.EventSourceConfig;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.model.AnnouncementInterest;
import dev.whatmoved.metrics.repository.BlockingTransaction;
import dev.whatmoved.metrics.repository.InterestRepository;
import dev.whatmoved.metrics.repository.RollupRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Announces changed buckets: every round, each bucket changed since its last announcement gets one
 * {@code metric.rollup.v1} event with its current totals. A burst of points into one bucket therefore gives one event
 * per round, not one per point or request.
 *
 * <p>The rollup table is its own outbox: the upsert that changes a bucket raises its revision in the same transaction,
 * and a bucket whose revision is above its published revision is due. A round reads due buckets, sends their events
 * straight to Kafka, waits for the broker's acknowledgement, and only then marks them announced (published revision =
 * the revision sent). A crash before the mark sends them again with the same event ids ({@link RollupEvents#id});
 * a change meanwhile leaves the bucket due. So no committed change goes unannounced, and no event row is written,
 * read back and deleted per bucket (the kit's outbox relay did that, and it was most of the announcing cost under load).
 *
 * <p>Only what some consumer reads is sent: a due bucket of a series no consumer declared ({@code metric.interest.v1},
 * {@link AnnouncementInterest}) is passed over, marked as if announced, and sent later only if its series becomes
 * declared ({@link InterestDeclarations} makes its buckets due again then).
 *
 * <p>Rounds run on a thread of their own. Each batch is a transaction that first takes a transaction-scoped advisory
 * lock, so with several instances one announces at a time and a metric's events reach its partition in revision order.
 */
@ApplicationScoped
public class RollupAnnouncer {

    /** The advisory lock of announcing (and of changing what is announced: {@link InterestDeclarations}). */
    static final String LOCK_KEY = "whatmoved.metrics.announce";

    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('" + LOCK_KEY + "')) as locked";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String WATERMARK =
            "select least(now(), (select min(received_at) from rollup_staging)) as through";

    private final Pool pool;
    private final RollupRepository rollups;
    private final Catalogue catalogue;
    private final RollupPublisher publisher;
    private final RollupEvents events;
    private final MetricsConfig config;
    private final InterestRepository interests;
    private final Counter announced;
    private final Counter passedOver;
    /** When every metric's watermark was last sent (System.nanoTime); only the round thread touches it. */
    private long lastWatermark;

    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rollup-announcer");
        t.setDaemon(true);
        return t;
    });

    public RollupAnnouncer(
            Pool pool,
            RollupRepository rollups,
            RollupPublisher publisher,
            ObjectMapper json,
            MetricsConfig config,
            EventSourceConfig source,
            Catalogue catalogue,
            InterestRepository interests,
            MeterRegistry registry) {
        this.interests = interests;
        this.pool = pool;
        this.rollups = rollups;
        this.publisher = publisher;
        this.catalogue = catalogue;
        this.config = config;
        this.events = new RollupEvents(json, source.source(), config.reportingZone());
        this.announced = Counter.builder("whatmoved.rollups.announced")
                .description("Rollup events (metric.rollup.v1) sent and acknowledged")
                .register(registry);
        this.passedOver = passedOverCounter(registry);
    }

    /** Changed buckets not announced, whether this announcer or a history import passed them over. */
    public static Counter passedOverCounter(MeterRegistry registry) {
        return Counter.builder("whatmoved.rollups.passed-over")
                .description("Changed buckets not announced: no consumer declared their series (metric.interest.v1)")
                .register(registry);
    }

    void start(@Observes StartupEvent startup) {
        long interval = config.announce().interval().toMillis();
        rounds.scheduleWithFixedDelay(this::round, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Lets a running round finish (it either marks what it sent or leaves it due). */
    void stop(@Observes ShutdownEvent shutdown) {
        rounds.shutdown();
        try {
            rounds.awaitTermination(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round() {
        try {
            announceAll();
        } catch (RuntimeException e) {
            Log.warnf("announcing rollups failed, will retry: %s", e.getMessage());
        }
    }

    /**
     * Announces every changed bucket (blocking); returns how many events were sent. A bucket an upsert holds at the
     * moment of the mark is sent but not marked: it stays due (the upsert is about to raise its revision anyway, and
     * the next event carries that). A round ends when a batch finds fewer buckets due than it could take, or marks none
     * (every one it found was held).
     */
    public int announceAll() {
        int sent = 0;
        while (!rounds.isShutdown()) {
            Batch batch = announceBatch();
            sent += batch.sent();
            if (batch.taken() < config.announce().batchSize() || batch.marked() == 0) {
                break;
            }
        }
        return sent;
    }

    /**
     * @param taken due buckets read
     * @param sent of which announced (the others no consumer reads)
     * @param marked of which marked
     */
    private record Batch(int taken, int sent, int marked) {}

    /**
     * One transaction: the lock, up to a batch of due buckets, the events of those some consumer reads sent and
     * acknowledged, the mark of all of them.
     */
    private Batch announceBatch() {
        Batch batch = BlockingTransaction.run(pool, TIMEOUT, conn -> {
            boolean locked = conn.query(LOCK)
                    .execute()
                    .await()
                    .atMost(TIMEOUT)
                    .iterator()
                    .next()
                    .getBoolean("locked");
            if (!locked) {
                return new Batch(0, 0, 0); // another instance announces
            }
            List<BucketState> due =
                    rollups.due(conn, config.announce().batchSize()).await().atMost(TIMEOUT);
            // fewer than a batch: every bucket due in this transaction's snapshot is here, so once they are sent,
            // everything ingested before the transaction began has been announced
            Instant watermark = due.size() < config.announce().batchSize() && watermarkDue() ? watermark(conn) : null;
            if (due.isEmpty() && watermark == null) {
                return new Batch(0, 0, 0);
            }
            AnnouncementInterest interest = due.isEmpty()
                    ? AnnouncementInterest.NONE
                    : interests.load(conn).await().atMost(TIMEOUT);
            List<BucketState> read = due.stream()
                    .filter(b -> interest.announces(b.metric(), b.granularity(), b.dimensions()))
                    .toList();
            List<ProducerRecord<byte[], byte[]>> records = records(read);
            if (watermark != null) {
                records.addAll(watermarks(watermark));
            }
            publisher.publish(records);
            if (watermark != null) {
                lastWatermark = System.nanoTime();
            }
            int marked =
                    due.isEmpty() ? 0 : rollups.markAnnounced(conn, due).await().atMost(TIMEOUT);
            return new Batch(due.size(), read.size(), marked);
        });
        announced.increment(batch.sent());
        passedOver.increment(batch.taken() - batch.sent());
        return batch;
    }

    private boolean watermarkDue() {
        return lastWatermark == 0
                || System.nanoTime() - lastWatermark
                        >= config.announce().watermarkInterval().toNanos();
    }

    /**
     * The transaction's start, or the oldest staged row's reception if earlier: points staged in the staging table are
     * ingested but not yet in a bucket.
     */
    private static Instant watermark(SqlConnection conn) {
        return conn.query(WATERMARK)
                .execute()
                .await()
                .atMost(TIMEOUT)
                .iterator()
                .next()
                .getOffsetDateTime("through")
                .toInstant();
    }

    /** Every catalogue metric's watermark. */
    private List<ProducerRecord<byte[], byte[]>> watermarks(Instant through) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return catalogue.list().await().atMost(TIMEOUT).stream()
                .map(metric -> events.watermark(metric.key(), through, now))
                .toList();
    }

    private List<ProducerRecord<byte[], byte[]>> records(List<BucketState> due) {
        if (due.isEmpty()) {
            return new ArrayList<>();
        }
        Map<String, MetricDefinition> metrics = catalogue
                .resolve(due.stream().map(BucketState::metric).distinct().toList())
                .await()
                .atMost(TIMEOUT);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(due.size());
        for (BucketState bucket : due) {
            records.add(events.record(bucket, metrics.get(bucket.metric()), now));
        }
        return records;
    }
}
