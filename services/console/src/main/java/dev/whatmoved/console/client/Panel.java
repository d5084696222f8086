package dev.whatmoved.console.client;

import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * What one call to a service gave a page: its answer, or why there is none, in words a reader can act on. A page
 * shows each panel's error in place, so one service down leaves the others' panels readable.
 *
 * @param <T> the answer's type: a record of the fields the console reads (or a list of them)
 * @param service the service asked: features, metrics or attribution
 * @param data the answer, or the read's empty answer (every field null, no items) when there is none
 * @param error what went wrong, or null
 * @param notFound the service answered 404
 */
@TemplateData
public record Panel<T>(String service, T data, String error, boolean notFound) {

    public boolean ok() {
        return error == null && !notFound;
    }

    /** Calls a service; a failure, a timeout or a 404 becomes a panel that says so. */
    public static <T> Uni<Panel<T>> of(String service, Uni<T> call, T empty, Duration timeout) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toSeconds() + " s"))
                .map(answer -> new Panel<>(service, answer, null, false))
                .onFailure()
                .recoverWithItem(failure -> failed(service, empty, failure));
    }

    static <T> Panel<T> failed(String service, T empty, Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status == 404) {
                return new Panel<>(service, empty, null, true);
            }
            if (status == 401 || status == 403) {
                return new Panel<>(
                        service,
                        empty,
                        "it refused the console's token (HTTP " + status
                                + "): set WHATMOVED_CONSOLE_TOKEN to a token with the read scope",
                        false);
            }
            return new Panel<>(service, empty, service + " answered HTTP " + status + ", try again later", false);
        }
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        String why = cause instanceof ConnectException
                ? "it is down or unreachable (connection refused)"
                : failure instanceof TimeoutException
                        ? "it did not answer in time"
                        : "its answer could not be read (" + failure.getClass().getSimpleName() + ")";
        return new Panel<>(service, empty, why, false);
    }
}
