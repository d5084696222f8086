package dev.whatmoved.notify.service;

import dev.whatmoved.notify.channel.ChannelSender;
import dev.whatmoved.notify.channel.SendResult;
import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.repository.DeliveryRepository;
import dev.whatmoved.notify.repository.DeliveryRepository.Claimed;
import dev.whatmoved.notify.repository.RuleRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends due deliveries: claims a batch with a lease, sends each through its channel (concurrently), and records the
 * result: delivered, retried after an exponential backoff, or given up after {@code max-attempts} (or at once when the
 * receiver refuses the request itself). Runs on a timer, apart from the consumers: a slow or failing receiver delays
 * only its own deliveries, never the applying of consumed events.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final DeliveryRepository deliveries;
    private final RuleRepository rules;
    private final ChannelSender sender;
    private final DeliveryMetrics metrics;
    private final NotifyConfig config;
    private final DeliveryBackoff backoff;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> {};

    public DeliveryWorker(
            DeliveryRepository deliveries,
            RuleRepository rules,
            ChannelSender sender,
            DeliveryMetrics metrics,
            NotifyConfig config,
            Vertx vertx) {
        this.deliveries = deliveries;
        this.rules = rules;
        this.sender = sender;
        this.metrics = metrics;
        this.config = config;
        this.backoff = new DeliveryBackoff(config.initialBackoff(), config.maxBackoff());
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        long timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> round());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        cancelTimer.run();
    }

    /** One round; skipped while the last one runs. */
    void round() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        // the lease outlives the slowest attempt, so a row is never sent twice at once
        Duration lease = config.requestTimeout().multipliedBy(3);
        deliveries
                .claim(config.batchSize(), lease)
                .chain(this::sendAll)
                .onTermination()
                .invoke(() -> running.set(false))
                .subscribe()
                .with(ignored -> {}, failure -> Log.debugf("delivery round failed: %s", failure.getMessage()));
    }

    private Uni<Void> sendAll(List<Claimed> claimed) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(claimed.stream().map(this::deliver).toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(Claimed delivery) {
        return sender.send(delivery).chain(result -> record(delivery, result));
    }

    private Uni<Void> record(Claimed delivery, SendResult result) {
        String channel = delivery.channel().wire();
        if (result.delivered()) {
            metrics.attempt(channel, "delivered");
            return deliveries.delivered(delivery.id()).chain(() -> rules.delivered(delivery.ruleId()));
        }
        int failures = delivery.attempts() + 1;
        boolean giveUp = result.permanent() || failures >= config.maxAttempts();
        Duration pause = backoff.after(failures);
        metrics.attempt(channel, giveUp ? "failed" : "retry");
        Log.warnf(
                "delivery %s of rule %s (%s) failed, attempt %d: %s; %s",
                delivery.id(),
                delivery.ruleId(),
                channel,
                failures,
                result.error(),
                giveUp ? "given up" : "next attempt in " + pause);
        return deliveries
                .attemptFailed(delivery.id(), result.error(), pause, giveUp)
                .chain(() -> rules.failed(delivery.ruleId(), result.error()));
    }
}
