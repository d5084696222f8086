package dev.whatmoved.metrics.repository;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.util.function.Function;

/**
 * One transaction of the reactive pool, run by a thread of its own that waits for each step: the Kafka consumer and
 * the rollup announcer do blocking work inside their transactions (polling, waiting for the broker), which must not
 * run on an event loop as {@code Pool.withTransaction}'s callback would.
 */
public final class BlockingTransaction {

    private BlockingTransaction() {}

    /**
     * Runs {@code work} in a transaction on a connection of {@code pool} and commits; rolls back if it throws. Each
     * wait (connection, begin, commit) gives up after {@code timeout}; {@code work} awaits its own statements.
     */
    public static <T> T run(Pool pool, Duration timeout, Function<SqlConnection, T> work) {
        SqlConnection conn = pool.getConnection().await().atMost(timeout);
        try {
            Transaction tx = conn.begin().await().atMost(timeout);
            try {
                T result = work.apply(conn);
                tx.commit().await().atMost(timeout);
                return result;
            } catch (RuntimeException e) {
                tx.rollback().onFailure().recoverWithNull().await().atMost(timeout);
                throw e;
            }
        } finally {
            conn.close().await().atMost(timeout);
        }
    }
}
