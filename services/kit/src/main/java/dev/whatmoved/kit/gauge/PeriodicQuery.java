package dev.whatmoved.kit.gauge;

import io.quarkus.logging.Log;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A one-row SQL query run on a timer, never on a scrape, whose row sets gauges: a round is skipped while the last one
 * runs, and a failed round (the database away) keeps the gauges' last values and says so at DEBUG only.
 */
public final class PeriodicQuery {

    private final Pool pool;
    private final String sql;
    private final String what;
    private final Consumer<Row> onRow;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Runnable cancelTimer = () -> {};

    /** @param what names the gauges in the DEBUG line of a failed round */
    public PeriodicQuery(Pool pool, String sql, String what, Consumer<Row> onRow) {
        this.pool = pool;
        this.sql = sql;
        this.what = what;
        this.onRow = onRow;
    }

    /** Measures now, then every {@code interval}. */
    public void start(Vertx vertx, Duration interval) {
        measure();
        long timer = vertx.setPeriodic(interval.toMillis(), id -> measure());
        cancelTimer = () -> vertx.cancelTimer(timer);
    }

    public void stop() {
        cancelTimer.run();
    }

    private void measure() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        pool.query(sql)
                .execute()
                .onTermination()
                .invoke(() -> running.set(false))
                .subscribe()
                .with(
                        rows -> onRow.accept(rows.iterator().next()),
                        failure -> Log.debugf("%s: not measured: %s", what, failure.getMessage()));
    }
}
