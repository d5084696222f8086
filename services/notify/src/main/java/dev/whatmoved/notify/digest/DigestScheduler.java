package dev.whatmoved.notify.digest;

import dev.whatmoved.notify.config.NotifyConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * Sends the weekly digest: every {@code digest.check-interval} it queues the digest of the last full week (ending at
 * the configured day and hour, UTC) for the rules that route it. The deliveries' uniqueness per (event, rule) makes
 * each week's digest go out once per rule, however many checks and instances run.
 */
@ApplicationScoped
public class DigestScheduler {

    private final DigestService digests;
    private final NotifyConfig config;
    private final Vertx vertx;
    private volatile Runnable cancelTimer = () -> {};

    public DigestScheduler(DigestService digests, NotifyConfig config, Vertx vertx) {
        this.digests = digests;
        this.config = config;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent startup) {
        if (config.digest().checkInterval().isZero()) {
            return;
        }
        long timer = vertx.setPeriodic(config.digest().checkInterval().toMillis(), id -> check());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        cancelTimer.run();
    }

    void check() {
        digests.queueWeekly(lastWeekEnd(
                        Instant.now(), config.digest().day(), config.digest().hour()))
                .subscribe()
                .with(
                        queued -> Log.debugf("weekly digest: %d rules checked", queued),
                        failure -> Log.debugf("weekly digest not queued: %s", failure.getMessage()));
    }

    /** The latest {@code day} at {@code hour}:00 UTC at or before {@code now}: the end of the last full digest week. */
    public static Instant lastWeekEnd(Instant now, DayOfWeek day, int hour) {
        LocalDate today = now.atOffset(ZoneOffset.UTC).toLocalDate();
        Instant candidate = today.with(TemporalAdjusters.previousOrSame(day))
                .atTime(hour, 0)
                .toInstant(ZoneOffset.UTC);
        return candidate.isAfter(now) ? candidate.minusSeconds(7 * 86_400L) : candidate;
    }
}
