package dev.whatmoved.kit.problem;

import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.util.List;

/**
 * The database's verdict on data a request carried: SQLSTATE class 22 ("data exception": a NUL character, a number
 * out of range, a malformed value) means the input was at fault, not the service, and answers 400. The door should
 * have refused it already (kit.json refuses NUL characters, the request records their ranges); this is the net.
 */
public final class SqlStates {

    private SqlStates() {}

    /** A 400 problem when {@code failure} was caused by the database refusing data; null otherwise. */
    static Problem refusedData(Throwable failure, String path) {
        String state = sqlState(failure);
        if (state == null || !state.startsWith("22")) {
            return null;
        }
        String message =
                switch (state) {
                    case "22021" -> "text must not contain the NUL character (U+0000) or bytes that are not UTF-8";
                    case "22001" -> "a text value is longer than its field takes";
                    case "22003" -> "a number is out of the range its field takes";
                    case "22007", "22008" -> "a date or time is out of range or malformed";
                    default -> "a value cannot be stored (SQLSTATE " + state + ")";
                };
        return new Problem(
                ProblemMappers.TYPE_BASE + "invalid-request",
                "Invalid request",
                400,
                "body: " + message,
                path,
                List.of(new Problem.FieldError("body", message)));
    }

    /**
     * The SQLSTATE of the first database error in the cause chain, or null. Hibernate's {@code JDBCException} carries
     * the {@link SQLException} it wraps as its cause, so the chain reaches it without naming Hibernate here (metrics
     * runs without Hibernate).
     */
    public static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                return pg.getSqlState();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
