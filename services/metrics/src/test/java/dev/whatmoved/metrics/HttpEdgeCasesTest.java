package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * What the security review sent the metrics service and got a 5xx, no answer, or a gigabyte inflated for: each now
 * gets a 4xx {@code application/problem+json}. Requests go over a raw socket, byte for byte as written.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class HttpEdgeCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void aBodyThatIsNotGzipButSaysSoGetsA400() throws IOException {
        byte[] plain = "{\"metric\":\"x\",\"value\":1}\n".getBytes(StandardCharsets.UTF_8);
        assertProblem(post("/api/points", "application/x-ndjson", "gzip", plain), 400, "gzip");
        assertProblem(post("/v1/metrics", "application/x-protobuf", "gzip", plain), 400, "gzip");
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
        assertProblem(post("/v1/metrics", "application/x-protobuf", "gzip", compressed.toByteArray()), 413, "10 MiB");
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

    record Answer(int status, String contentType, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    static void assertProblem(Answer answer, int status, String mentioned) throws IOException {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).isEqualTo("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://whatmoved.dev/problems/");
        assertThat(problem.path("detail").asText() + " " + problem.path("errors"))
                .as(answer.toString())
                .contains(mentioned);
    }

    private Answer send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    private Answer send(byte[] head, byte[] body) throws IOException {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(body);
                out.flush();
            } catch (IOException closedWhileSending) {
                // the server answered and closed before the whole request was sent: read what it answered
            }
            return read(socket.getInputStream());
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(15_000);
        return socket;
    }

    /** Reads one response: status line, headers, and a body by Content-Length or chunked. */
    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        String contentType = null;
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim().toLowerCase();
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-type" -> contentType = value.split(";")[0].trim();
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                default -> {}
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
        } else if (length > 0) {
            body.write(in.readNBytes((int) length));
        }
        return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (line.isEmpty()) {
                    throw new IOException("connection closed without an answer");
                }
                break;
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
