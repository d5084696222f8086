package dev.whatmoved.metrics.pull.prometheus;

/**
 * A query the Prometheus server did not answer with data. {@link #unavailable()} tells an outage (the server could not
 * be reached, timed out, is overloaded or answered 5xx: the same query may succeed later) from a query that is wrong
 * (bad PromQL, too many points, refused credentials: it will fail again until its definition or the configuration
 * changes). The message names the server by its URL without credentials, and never holds the credentials.
 */
public class PrometheusException extends RuntimeException {

    private final String errorType;
    private final boolean unavailable;

    public PrometheusException(String errorType, String message, boolean unavailable, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
        this.unavailable = unavailable;
    }

    /**
     * Prometheus' {@code errorType} ({@code bad_data}, {@code execution}, {@code timeout}, {@code canceled},
     * {@code internal}, {@code unavailable}, {@code not_found}), or what this client names a failure without one:
     * {@code unreachable}, {@code http_401} etc., {@code bad_response}.
     */
    public String errorType() {
        return errorType;
    }

    /** Whether the server could not answer now (an outage), rather than refused the query. */
    public boolean unavailable() {
        return unavailable;
    }
}
