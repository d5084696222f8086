package dev.whatmoved.metrics.service;

import dev.whatmoved.kit.outage.Unreachable;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Failures of an export that say the database cannot serve now, rather than that the request or the service is wrong:
 * it cannot be reached or the connection broke (connection refused, reset or closed, SQLSTATE class 08), it is
 * shutting down or out of resources (57P01–57P03, class 53), it timed out, or the transaction lost a conflict (40001,
 * 40P01). The same request succeeds later, so an OTLP sender is told to retry (503).
 */
public final class Outages {

    private Outages() {}

    public static boolean is(Throwable failure) {
        if (Unreachable.isOutage(failure)) {
            return true; // refused, reset or closed connections, SQLSTATE 08, 57P01-03, 53300: the kit's rule
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // any other I/O: an export fails by I/O only with the database (its body is read before)
            if (t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof io.smallrye.mutiny.TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                return state.startsWith("53") || state.equals("40001") || state.equals("40P01");
            }
        }
        return false;
    }
}
