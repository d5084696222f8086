package dev.whatmoved.metrics;

import static dev.whatmoved.testing.RawHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.RawHttp;
import dev.whatmoved.testing.RawHttp.Answer;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What the security review sent the metrics service and got a 5xx, no answer, or a gigabyte inflated for: each now
 * gets a 4xx {@code application/problem+json} (OTLP's {@code /v1/metrics}: a {@code google.rpc.Status}). Requests go over a raw socket, byte for byte as written.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class HttpEdgeCasesTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aBodyThatIsNotGzipButSaysSoGetsA400() throws IOException {
        byte[] plain = "{\"metric\":\"x\",\"value\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertProblem(post("/api/points", "application/x-ndjson", "gzip", plain), 400, "gzip");
        assertOtlpStatus(post("/v1/metrics", "application/json", "gzip", plain), 400, "gzip");
    }

    @Test
    void aGzipBombIsStoppedAtTheBodyLimit() throws IOException {
        // 12 KiB of gzip that would inflate to 40 MiB of blanks; the body limit is 10 MiB
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            byte[] blanks = new byte[1024 * 1024];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (int i = 0; i < 40; i++) {
                gzip.write(blanks);
            }
        }
        assertThat(compressed.size()).isLessThan(100_000);
        assertProblem(post("/api/points", "application/x-ndjson", "gzip", compressed.toByteArray()), 413, "10 MiB");
        assertOtlpStatus(post("/v1/metrics", "application/json", "gzip", compressed.toByteArray()), 413, "10 MiB");
    }

    @Test
    void aNulCharacterInAMetricsTextIsRefusedNamingTheField() throws IOException {
        String metric = "{\"key\": \"" + Metrics.key("nul") + "\", \"name\": \"Orders\\u0000\","
                + " \"aggregation\": \"sum\", \"goodDirection\": \"up\"}";
        assertProblem(
                post("/api/metrics", "application/json", null, metric.getBytes(StandardCharsets.UTF_8)), 400, "name");
    }

    @Test
    void pointsNestedDeeplyOrWithAnOverlongKeyAreRefusedNotAnInternalError() throws IOException {
        String deep = "{\"metric\":\"x\",\"dimensions\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}\n";
        Answer nested = post("/api/points", "application/x-ndjson", null, deep.getBytes(StandardCharsets.UTF_8));
        assertThat(nested.status()).as(nested.toString()).isBetween(400, 499);
        String longKey = "{\"" + "k".repeat(200_000) + "\":1}\n";
        Answer key = post("/api/points", "application/x-ndjson", null, longKey.getBytes(StandardCharsets.UTF_8));
        assertThat(key.status()).as(key.toString()).isBetween(400, 499);
    }

    /** OTLP/HTTP's error: a google.rpc.Status, here in JSON as the request was (docs/metrics.md). */
    private static void assertOtlpStatus(Answer answer, int status, String mentioned) throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).isEqualTo("application/json");
        assertThat(RpcStatus.json(answer.body().getBytes(StandardCharsets.UTF_8))
                        .message())
                .as(answer.toString())
                .contains(mentioned);
    }

    private Answer post(String path, String contentType, String encoding, byte[] body) throws IOException {
        return send(
                ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                                + TestTokens.withScopes(Scopes.METRICS_WRITE) + "\r\nContent-Type: " + contentType
                                + (encoding == null ? "" : "\r\nContent-Encoding: " + encoding) + "\r\nContent-Length: "
                                + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                body);
    }

    // ---- raw HTTP ------------------------------------------------------------------------------------------------

    private Answer send(String request) throws IOException {
        return new RawHttp(base).send(request);
    }

    private Answer send(byte[] head, byte[] body) throws IOException {
        return new RawHttp(base).send(head, body);
    }
}
