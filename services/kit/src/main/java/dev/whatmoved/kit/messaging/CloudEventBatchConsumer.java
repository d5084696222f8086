package dev.whatmoved.kit.messaging;

import dev.whatmoved.events.EventType;
import dev.whatmoved.kit.outage.Unreachable;
import dev.whatmoved.kit.problem.SqlStates;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@link CloudEventConsumer}'s guarantees for a batch of Kafka records (a channel with {@code batch=true}) whose effect
 * is applied to all of them at once, in one transaction:
 *
 * <ul>
 *   <li>a record that can never be processed (not a CloudEvent, not JSON, data that breaks its schema) is nacked alone
 *       to the dead-letter topic with the reason; the rest of the batch goes on;
 *   <li>a type the consumer does not handle is skipped;
 *   <li>the batch's effect is retried with backoff while the failure is transient (the database unreachable, a
 *       deadlock or serialization conflict); any other failure, or transient ones past the retries, falls back to the
 *       records one by one through {@link CloudEventConsumer} (one effect each, so a record the effect cannot take is
 *       dead-lettered with its own reason and the others are applied);
 *   <li>the batch is acknowledged (its offsets may be committed) only after that: every record's effect is durable or
 *       the record is on the dead-letter topic.
 * </ul>
 *
 * The effect must be idempotent, since Kafka delivers at least once: a redelivered batch, or a batch that holds the
 * same event twice, must leave the same state as one delivery.
 */
@ApplicationScoped
public class CloudEventBatchConsumer {

    /** Deadlock and serialization failure: another transaction won, the same batch can succeed when tried again. */
    private static final Set<String> CONFLICTS = Set.of("40001", "40P01");

    private final CloudEventConsumer single;
    private final MessagingConfig config;

    public CloudEventBatchConsumer(CloudEventConsumer single, MessagingConfig config) {
        this.single = single;
        this.config = config;
    }

    /**
     * @param types the types handled (each record's {@code ce_type} picks its schema); records of other types are skipped
     * @param effect applies the batch's events (payload records of {@code types}, in record order) in one transaction
     */
    public Uni<Void> consume(
            KafkaRecordBatch<String, String> batch, List<EventType> types, Function<List<Object>, Uni<Void>> effect) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        List<Object> events = new ArrayList<>(records.size());
        List<Taken> taken = new ArrayList<>(records.size());
        List<Uni<Void>> deadLetters = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            EventType type = typeOf(record, types);
            try {
                Object event = single.read(record, type);
                if (event != null) {
                    events.add(event);
                    taken.add(new Taken(record, type));
                }
            } catch (PoisonEventException poison) {
                Log.warnf("dead-lettering a %s record: %s", type.topic(), poison.getMessage());
                deadLetters.add(Uni.createFrom().completionStage(() -> record.nack(poison)));
            }
        }
        Uni<Void> poisoned = deadLetters.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.join().all(deadLetters).andCollectFailures().replaceWithVoid();
        return poisoned.chain(() -> events.isEmpty() ? Uni.createFrom().voidItem() : apply(events, taken, effect))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()));
    }

    private record Taken(Message<String> record, EventType type) {}

    /** The handled type the record's {@code ce_type} names, else the first (whose reading skips or refuses it). */
    private static EventType typeOf(Message<String> record, List<EventType> types) {
        return record.getMetadata(IncomingCloudEventMetadata.class)
                .flatMap(ce -> types.stream()
                        .filter(t -> t.type().equals(ce.getType()))
                        .findFirst())
                .orElse(types.get(0));
    }

    private Uni<Void> apply(List<Object> events, List<Taken> taken, Function<List<Object>, Uni<Void>> effect) {
        return onThisContext(Uni.createFrom().deferred(() -> effect.apply(events)))
                .onFailure(CloudEventBatchConsumer::isTransient)
                .retry()
                .withBackOff(config.initialBackoff(), config.maxBackoff())
                .atMost(config.retries())
                .onFailure()
                .recoverWithUni(failure -> {
                    Log.warnf(
                            "a batch of %d %s events failed (%s): applying them one by one",
                            events.size(), taken.get(0).type().topic(), failure.getMessage());
                    return oneByOne(taken, effect);
                });
    }

    /** Each record alone, in order: {@link CloudEventConsumer} retries or dead-letters it with the reason. */
    private Uni<Void> oneByOne(List<Taken> taken, Function<List<Object>, Uni<Void>> effect) {
        return Multi.createFrom()
                .iterable(taken)
                .onItem()
                .transformToUniAndConcatenate(
                        t -> single.<Object>consume(t.record(), t.type(), event -> effect.apply(List.of(event))))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private static boolean isTransient(Throwable failure) {
        String state = SqlStates.sqlState(failure);
        return Unreachable.isOutage(failure) || (state != null && CONFLICTS.contains(state));
    }

    /** Retries after a backoff run on a timer thread; the effect must run on the Vert.x context it started on. */
    private static <T> Uni<T> onThisContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        return context == null ? uni : uni.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
    }
}
