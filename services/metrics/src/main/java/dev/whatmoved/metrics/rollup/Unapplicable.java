package dev.whatmoved.metrics.rollup;

import io.vertx.pgclient.PgException;

/**
 * Failures that say the data cannot be added to the rollups, now or ever, rather than that the database could not be
 * reached or the transaction should run again: PostgreSQL's data exceptions (class 22, e.g. a bucket's sum overflowing
 * a double), integrity violations (23) and program limits (54, e.g. an index entry over the btree limit). Running the
 * same data again fails the same way, so it must be set aside (quarantined, dead-lettered) instead of retried, or it
 * blocks everything queued behind it.
 */
public final class Unapplicable {

    /** Longest reason kept (the database's message can quote the data). */
    static final int MAX_REASON_LENGTH = 1000;

    private Unapplicable() {}

    /** Whether {@code failure} (or what it wraps) is a failure of the data itself. */
    public static boolean is(Throwable failure) {
        PgException pg = pgException(failure);
        return pg != null && isDataClass(pg.getSqlState());
    }

    /** The database's reason, with its SQLSTATE, e.g. {@code 22003 value out of range: overflow}. */
    public static String reason(Throwable failure) {
        PgException pg = pgException(failure);
        String reason = pg == null
                ? String.valueOf(failure)
                : pg.getSqlState() + " " + pg.getErrorMessage()
                        + (pg.getDetail() == null ? "" : " (" + pg.getDetail() + ")");
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "...";
    }

    private static boolean isDataClass(String sqlState) {
        return sqlState != null
                && (sqlState.startsWith("22") || sqlState.startsWith("23") || sqlState.startsWith("54"));
    }

    private static PgException pgException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg) {
                return pg;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
