package dev.whatmoved.metrics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A transaction in which a statement may fail without failing the transaction: parts run under a savepoint
 * ({@link #attempt}), and a part that fails is rolled back alone. The transaction is begun and ended by SQL, because
 * the client's own transactions ({@code Pool.withTransaction}, {@code SqlConnection.begin}) roll everything back at the
 * first failed statement.
 */
public final class SavepointTransaction {

    private SavepointTransaction() {}

    /** Runs {@code work} in a transaction on a connection of {@code pool}; commits, or rolls back if it fails. */
    public static <T> Uni<T> run(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(conn -> sql(conn, "begin")
                .chain(() -> work.apply(conn))
                .call(() -> sql(conn, "commit"))
                .onFailure()
                .call(() -> sql(conn, "rollback").onFailure().recoverWithNull()));
    }

    /**
     * {@link #run} for a thread that may block (the Kafka consumer's): waits for it, each step at most {@code timeout}.
     */
    public static <T> T runBlocking(Pool pool, Duration timeout, Function<SqlConnection, T> work) {
        SqlConnection conn = pool.getConnection().await().atMost(timeout);
        try {
            sql(conn, "begin").await().atMost(timeout);
            try {
                T result = work.apply(conn);
                sql(conn, "commit").await().atMost(timeout);
                return result;
            } catch (RuntimeException e) {
                sql(conn, "rollback").onFailure().recoverWithNull().await().atMost(timeout);
                throw e;
            }
        } finally {
            conn.close().await().atMost(timeout);
        }
    }

    /**
     * Runs {@code part} under a savepoint of the caller's transaction (begun by {@link #run}). When it fails with a
     * failure {@code contained} accepts, its changes are rolled back and the transaction goes on: the result is that
     * failure. Null when it succeeded; any other failure fails the result (and then the transaction).
     */
    public static Uni<Throwable> attempt(SqlConnection conn, Supplier<Uni<?>> part, Predicate<Throwable> contained) {
        return sql(conn, "savepoint part").chain(() -> part.get()
                .onItem()
                .transformToUni(ignored -> sql(conn, "release savepoint part"))
                .replaceWith((Throwable) null)
                .onFailure(contained)
                .recoverWithUni(failure -> sql(conn, "rollback to savepoint part")
                        .chain(() -> sql(conn, "release savepoint part"))
                        .replaceWith(failure)));
    }

    private static Uni<Void> sql(SqlConnection conn, String statement) {
        return conn.query(statement).execute().replaceWithVoid();
    }
}
