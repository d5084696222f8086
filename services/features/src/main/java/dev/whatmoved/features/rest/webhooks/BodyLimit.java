package dev.whatmoved.features.rest.webhooks;

import dev.whatmoved.kit.problem.ProblemException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses request bodies over 1 MiB (8 MiB for {@code POST /api/releases/import}), on every endpoint of the service,
 * with a 413 problem: by the declared {@code Content-Length} before the body is read, and by the bytes read (a chunked
 * body declares no length; a gzip body is counted as it inflates, kit CompressedBodies inflating it to the server's
 * limit, {@code quarkus.http.limits.max-body-size}, which is the import's). Nothing is written for a refused request.
 */
@Provider
@Priority(Priorities.USER + 100) // after kit CompressedBodies (Priorities.USER): counts the inflated body
public class BodyLimit implements ReaderInterceptor {

    /** 1 MiB: a GitHub webhook payload is capped at 25 MB but real deployment deliveries are a few KiB. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** 8 MiB for a file of past releases: 10,000 releases of about 800 bytes each as NDJSON. */
    public static final int IMPORT_MAX_BYTES = 8 * 1024 * 1024;

    static final String IMPORT_PATH = "/api/releases/import";
    private static final String LIMIT = BodyLimit.class.getName();

    @ServerRequestFilter
    public void refuseDeclaredOversize(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        int limit = IMPORT_PATH.equals(path.startsWith("/") ? path : "/" + path) ? IMPORT_MAX_BYTES : MAX_BYTES;
        request.setProperty(LIMIT, limit);
        int length = request.getLength();
        if (length > limit) {
            throw tooLarge("is " + length + " bytes", limit);
        }
    }

    /** The body as read (a chunked one, an inflated one), refused once it passes the endpoint's limit. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        int limit = context.getProperty(LIMIT) instanceof Integer given ? given : MAX_BYTES;
        InputStream in = context.getInputStream();
        byte[] body = in.readNBytes(limit + 1);
        if (body.length > limit) {
            throw tooLarge("is more than " + limit + " bytes", limit);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** For a body read whole: refuses it when it is over the limit. */
    public static byte[] check(byte[] body) {
        if (body != null && body.length > MAX_BYTES) {
            throw tooLarge("is " + body.length + " bytes", MAX_BYTES);
        }
        return body == null ? new byte[0] : body;
    }

    private static ProblemException tooLarge(String size, int limit) {
        return new ProblemException(
                413,
                "payload-too-large",
                "Payload too large",
                "the body " + size + "; at most " + limit + " (" + (limit / 1024 / 1024) + " MiB) are accepted here",
                List.of());
    }
}
