package dev.whatmoved.kit.http;

import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Inflates a body sent with {@code Content-Encoding: gzip} (as the OpenTelemetry Collector sends by default), at most
 * to {@code quarkus.http.limits.max-body-size}: a small gzip body that would inflate past the limit (a "gzip bomb") is
 * refused with 413 as soon as it passes it, and a body that is not gzip at all with 400. (The HTTP server's own
 * decompression, {@code quarkus.http.enable-decompression}, has neither answer: it inflates without limit and drops
 * the connection on a body that is not gzip; keep it off.)
 */
@Provider
public class CompressedBodies implements ReaderInterceptor {

    private final long limit;

    public CompressedBodies(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String encoding = context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return context.proceed();
        }
        String name = encoding.trim().toLowerCase();
        if (!name.equals("gzip") && !name.equals("x-gzip")) {
            throw new ProblemException(
                    415,
                    "unsupported-content-encoding",
                    "Unsupported content encoding",
                    "Content-Encoding " + encoding.trim() + " is not taken; send the body as is or gzip-compressed",
                    List.of());
        }
        context.setInputStream(new ByteArrayInputStream(inflate(context.getInputStream())));
        context.getHeaders().remove(HttpHeaders.CONTENT_ENCODING);
        return context.proceed();
    }

    /** The whole inflated body, refused once it passes the limit (nothing more is inflated then). */
    byte[] inflate(InputStream compressed) throws IOException {
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (GZIPInputStream in = new GZIPInputStream(compressed, buffer.length)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (inflated.size() + (long) n > limit) {
                    throw new ProblemException(
                            413,
                            "payload-too-large",
                            "Payload too large",
                            "the gzip body inflates to more than " + limit + " bytes (" + Sizes.describe(limit)
                                    + "); at most that is taken per request: split it",
                            List.of());
                }
                inflated.write(buffer, 0, n);
            }
        } catch (ZipException | java.io.EOFException e) {
            throw ProblemException.invalid(
                    "body", "is sent with Content-Encoding: gzip but is not gzip data (" + e.getMessage() + ")");
        }
        return inflated.toByteArray();
    }
}
