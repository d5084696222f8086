package dev.whatmoved.kit.outage;

import dev.whatmoved.kit.problem.SqlStates;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Whether a failure means "the database cannot be reached" (an outage the caller may retry) rather than a bug or bad
 * input: a refused, reset or closed connection anywhere in the cause chain, or a PostgreSQL answer of SQLSTATE class 08
 * (connection exception), 57P01-57P03 (the server shutting down or starting) or 53300 (too many connections).
 */
public final class Unreachable {

    /** Connection failures of the Vert.x SQL client, named so that the kit does not depend on its internal packages. */
    private static final Set<String> CLOSED_CONNECTION_TYPES =
            Set.of("io.vertx.sqlclient.ClosedConnectionException", "io.vertx.core.net.ConnectException");
    /** Messages the Vert.x SQL client gives its stackless failures when the connection went away. */
    private static final Set<String> CLOSED_CONNECTION_MESSAGES = Set.of(
            "Connection was closed",
            "Connection is not active now",
            "Connection is closed",
            "Fail to read any response from the server, the underlying connection might get lost unexpectedly.",
            "Pending requests are closed");

    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    private Unreachable() {}

    public static boolean isOutage(Throwable failure) {
        return reason(failure) != null;
    }

    /** A short reason for the log ("Connection refused", "SQLSTATE 57P01 ..."), or null when it is no outage. */
    public static String reason(Throwable failure) {
        String state = SqlStates.sqlState(failure);
        if (state != null && (state.startsWith("08") || SERVER_GOING_AWAY.contains(state))) {
            return "SQLSTATE " + state;
        }
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause() == t ? null : t.getCause(), depth++) {
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException
                    || t instanceof ClosedChannelException
                    || t instanceof SocketException
                    || CLOSED_CONNECTION_TYPES.contains(t.getClass().getName())
                    || CLOSED_CONNECTION_MESSAGES.contains(t.getMessage())) {
                return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
        }
        return null;
    }
}
