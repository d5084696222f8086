package dev.whatmoved.console.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.quarkus.qute.TemplateData;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * What one call to a service gave a page: its JSON, or why there is none, in words a reader can act on. A page shows
 * each panel's error in place, so one service down leaves the others' panels readable.
 *
 * @param service the service asked: features, metrics or attribution
 * @param data the answer, or a missing node
 * @param error what went wrong, or null
 * @param notFound the service answered 404
 */
@TemplateData
public record Panel(String service, JsonNode data, String error, boolean notFound) {

    public boolean ok() {
        return error == null && !notFound;
    }

    /** Calls a service; a failure, a timeout or a 404 becomes a panel that says so. */
    public static Uni<Panel> of(String service, Uni<JsonNode> call, Duration timeout) {
        return call.ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toSeconds() + " s"))
                .map(json -> new Panel(service, json, null, false))
                .onFailure()
                .recoverWithItem(failure -> failed(service, failure));
    }

    static Panel failed(String service, Throwable failure) {
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            if (status == 404) {
                return new Panel(service, MissingNode.getInstance(), null, true);
            }
            if (status == 401 || status == 403) {
                return new Panel(
                        service,
                        MissingNode.getInstance(),
                        "it refused the console's token (HTTP " + status
                                + "): set WHATMOVED_CONSOLE_TOKEN to a token with the read scope",
                        false);
            }
            return new Panel(
                    service,
                    MissingNode.getInstance(),
                    service + " answered HTTP " + status + ", try again later",
                    false);
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
        return new Panel(service, MissingNode.getInstance(), why, false);
    }
}
