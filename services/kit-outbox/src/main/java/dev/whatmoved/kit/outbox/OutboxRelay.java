package dev.whatmoved.kit.outbox;

import dev.whatmoved.kit.outage.DatabaseOutage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Relays outbox rows to Kafka in insertion order, as CloudEvents in binary mode, and deletes them once the broker has
 * acknowledged them.
 *
 * <p>A batch is sent as a stream: every record of the batch is handed to the producer in outbox order without waiting
 * for the previous one's acknowledgement (up to {@link #IN_FLIGHT} at a time), and the rows are deleted once all of them
 * are acknowledged. The producer is idempotent, so records of one key (one partition) reach the broker in the order
 * they were handed over, retries included; waiting for each acknowledgement in turn capped the relay at a few hundred
 * events per second (one broker round trip each).
 *
 * <p>Delivery is at least once: a crash between the acknowledgement and the delete sends the rows again with the same
 * CloudEvents id, which consumers deduplicate. A transaction-scoped advisory lock lets only one instance relay at a
 * time, so several instances of a service keep the per-key order.
 */
@ApplicationScoped
public class OutboxRelay {

    static final String CHANNEL = "whatmoved-outbox";
    /** Records handed to the producer and not yet acknowledged, at most (below the emitter's buffer). */
    static final int IN_FLIGHT = 128;
    /** The longest wait between polls after failures (the outbox keeps the events meanwhile; nothing is lost). */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final String LOCK = "select pg_try_advisory_xact_lock(hashtext('whatmoved.outbox')) as locked";
    private static final String NEXT_BATCH = "select position, event_id, topic, message_key, type, source, subject,"
            + " data_schema, occurred_at, payload from outbox_event order by position limit $1";
    private static final String DELETE = "delete from outbox_event where position = any($1)";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final Counter published;
    private final DatabaseOutage outage;
    private final RelayBackoff backoff;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> {};
    private volatile boolean stopped;

    public OutboxRelay(
            Pool pool,
            @Channel(CHANNEL) MutinyEmitter<String> emitter,
            OutboxConfig config,
            MeterRegistry registry,
            DatabaseOutage outage) {
        this.pool = pool;
        this.outage = outage;
        this.backoff = new RelayBackoff(config.pollInterval(), MAX_BACKOFF);
        this.emitter = emitter;
        this.config = config;
        this.published = Counter.builder("whatmoved.outbox.published")
                .description("Events relayed from the outbox to Kafka")
                .register(registry);
    }

    /** Polls on a Vert.x timer: the scheduler's one-second floor would add up to a second to every event's latency. */
    void start(@Observes StartupEvent startup, Vertx vertx) {
        if (config.relayEnabled()) {
            long timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
            cancelTimer = () -> vertx.cancelTimer(timer);
        }
    }

    /** Stops polling before the pool and the producer close, so shutdown relays nothing half-way. */
    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        cancelTimer.run();
        Log.debug("outbox relay stopped");
    }

    private void poll() {
        if (stopped || !backoff.due(System.currentTimeMillis()) || !running.compareAndSet(false, true)) {
            return;
        }
        drain().onTermination().invoke(() -> running.set(false)).subscribe().with(sent -> succeeded(), this::failed);
    }

    private void succeeded() {
        int failures = backoff.succeeded();
        if (failures > 0) {
            Log.infof("outbox relay resumed after %d failed polls", failures);
        }
    }

    /**
     * Backs off, and says so once per run of failures: the database being unreachable is logged by
     * {@link DatabaseOutage} (once per outage), anything else here at its first failure.
     */
    private void failed(Throwable failure) {
        int failures = backoff.failed(System.currentTimeMillis());
        if (outage.report(failure)) {
            Log.debugf("outbox relay: database unreachable (%d failed polls)", failures);
        } else if (failures == 1) {
            Log.warnf(
                    "outbox relay failed, retrying with backoff up to %d s (events wait in the outbox): %s",
                    MAX_BACKOFF.toSeconds(), failure.getMessage());
        } else {
            Log.debugf("outbox relay failed again (%d in a row): %s", failures, failure.getMessage());
        }
    }

    /** Relays batches until the outbox is empty; returns how many events were published. */
    public Uni<Integer> drain() {
        return relayBatch()
                .flatMap(sent ->
                        sent < config.batchSize() ? Uni.createFrom().item(sent) : drain().map(more -> sent + more));
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(conn -> conn.query(LOCK)
                .execute()
                .flatMap(lock -> lock.iterator().next().getBoolean("locked")
                        ? relayLocked(conn)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> relayLocked(SqlConnection conn) {
        return conn.preparedQuery(NEXT_BATCH)
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] positions =
                            batch.stream().map(r -> r.getLong("position")).toArray(Long[]::new);
                    return Multi.createFrom()
                            .iterable(batch)
                            .onItem()
                            // subscribed (handed to the producer) in order; acknowledged in any order
                            .transformToUni(this::send)
                            .merge(IN_FLIGHT)
                            .collect()
                            .last()
                            .flatMap(ignored -> conn.preparedQuery(DELETE).execute(Tuple.of(positions)))
                            .invoke(() -> published.increment(batch.size()))
                            .replaceWith(batch.size());
                });
    }

    private Uni<Void> send(Row row) {
        var cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row.getUUID("event_id").toString())
                .withType(row.getString("type"))
                .withSource(URI.create(row.getString("source")))
                .withSubject(row.getString("subject"))
                .withDataSchema(row.getString("data_schema") == null ? null : URI.create(row.getString("data_schema")))
                .withDataContentType("application/json")
                .withTimestamp(row.getOffsetDateTime("occurred_at").atZoneSameInstant(ZoneOffset.UTC))
                .build();
        var record = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .build();
        return emitter.sendMessage(
                Message.of(row.getString("payload")).addMetadata(cloudEvent).addMetadata(record));
    }
}
