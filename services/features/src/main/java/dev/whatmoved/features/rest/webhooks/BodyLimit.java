package dev.whatmoved.features.rest.webhooks;

import dev.whatmoved.kit.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over 1 MiB, on every endpoint of the service, with a 413 problem: by the declared
 * {@code Content-Length} before the body is read, and (for chunked bodies, which declare none) by the bytes received in
 * the webhook endpoints. Nothing is written for a refused request.
 */
public class BodyLimit {

    /** 1 MiB: a GitHub webhook payload is capped at 25 MB but real deployment deliveries are a few KiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    @ServerRequestFilter
    public void refuseDeclaredOversize(ContainerRequestContext request) {
        int length = request.getLength();
        if (length > MAX_BYTES) {
            throw tooLarge(length);
        }
    }

    /** For a body read whole: refuses it when it is over the limit. */
    public static byte[] check(byte[] body) {
        if (body != null && body.length > MAX_BYTES) {
            throw tooLarge(body.length);
        }
        return body == null ? new byte[0] : body;
    }

    private static ProblemException tooLarge(long length) {
        return new ProblemException(
                413,
                "payload-too-large",
                "Payload too large",
                "the body is " + length + " bytes; at most " + MAX_BYTES + " (1 MiB) are accepted",
                List.of());
    }
}
