package dev.whatmoved.metrics.pull.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.whatmoved.testing.PrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Prometheus HTTP API client against a real Prometheus server (no scrape target: PromQL makes the data). */
class PrometheusClientTest {

    private static PrometheusServer prometheus;
    private static PrometheusClient client;

    @BeforeAll
    static void start() {
        prometheus = PrometheusServer.builder(Path.of("target", "prometheus-client-test"))
                .start();
        client = new PrometheusClient(
                "Prometheus of the test",
                URI.create(prometheus.url()),
                PrometheusCredentials.NONE,
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        prometheus.close();
    }

    @Test
    void aRangeOverTheServersLimitIsAskedInPartsAndMerged() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(5, ChronoUnit.HOURS);
        // 4 hours at 1 s: 14,401 points, over the 11,000 Prometheus takes in one query
        RangeQuery query = new RangeQuery("vector(2)", start, start.plus(Duration.ofHours(4)), Duration.ofSeconds(1));
        assertThat(query.parts(RangeQuery.MAX_POINTS)).hasSize(2);

        Matrix matrix = client.queryRange(query);

        assertThat(matrix.series()).hasSize(1);
        List<Matrix.Sample> samples = matrix.series().get(0).samples();
        assertThat(samples).hasSize(14_401);
        assertThat(samples.get(0).timestamp()).isEqualTo(start);
        assertThat(samples.get(14_400).timestamp()).isEqualTo(start.plus(Duration.ofHours(4)));
        assertThat(samples).allSatisfy(s -> assertThat(s.value()).isEqualTo(2.0));
        assertThat(samples.stream().map(Matrix.Sample::timestamp).distinct()).hasSize(14_401);
    }

    @Test
    void labelsComeWithoutTheNameAndNonFiniteValuesAreLeftOutWithAReason() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        String expression = "label_replace(vector(1.5), \"country\", \"DE\", \"\", \"\")"
                + " or label_replace(vector(NaN), \"country\", \"FR\", \"\", \"\")"
                + " or label_replace(vector(+Inf), \"country\", \"IT\", \"\", \"\")";

        Matrix matrix = client.queryRange(
                new RangeQuery(expression, start, start.plus(Duration.ofMinutes(2)), Duration.ofMinutes(1)));

        Matrix.Series de = matrix.series().stream()
                .filter(s -> s.labels().equals(Map.of("country", "DE")))
                .findFirst()
                .orElseThrow();
        assertThat(de.samples()).extracting(Matrix.Sample::value).containsExactly(1.5, 1.5, 1.5);
        assertThat(matrix.samples()).isEqualTo(3);
        assertThat(matrix.skippedCount()).isEqualTo(6);
        assertThat(matrix.skipped())
                .anySatisfy(reason -> assertThat(reason).contains("country=FR").contains("NaN is not a finite number"));
        assertThat(matrix.skipped()).anySatisfy(reason -> assertThat(reason).contains("+Inf"));
    }

    @Test
    void badPromQlIsTheServersBadDataNotAnOutage() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> client.queryRange(
                        new RangeQuery("sum(rate(x[5m]", now.minusSeconds(60), now, Duration.ofSeconds(15))))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("bad_data");
                    assertThat(e.unavailable()).isFalse();
                    assertThat(e.getMessage())
                            .startsWith("Prometheus of the test refused the query")
                            .contains("parse error");
                });
    }

    @Test
    void anUnreachableServerIsAnOutage() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        PrometheusClient nowhere = new PrometheusClient(
                "Prometheus nowhere",
                URI.create("http://127.0.0.1:" + closed),
                PrometheusCredentials.NONE,
                Duration.ofSeconds(2));
        Instant now = Instant.now();
        assertThatThrownBy(() ->
                        nowhere.queryRange(new RangeQuery("up", now.minusSeconds(60), now, Duration.ofSeconds(15))))
                .isInstanceOfSatisfying(PrometheusException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("unreachable");
                    assertThat(e.unavailable()).isTrue();
                    assertThat(e.getMessage())
                            .startsWith("Prometheus nowhere cannot be reached")
                            .doesNotContain("127.0.0.1");
                });
    }

    @Test
    void credentialsGoInTheHeaderOnlyAndAreNeverInAMessage() throws IOException {
        // Prometheus' own basic auth needs bcrypt hashes in a web config; a stub in front says what was sent
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/prom/api/v1/query_range", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "Unauthorized".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            Instant now = Instant.now();
            RangeQuery query = new RangeQuery("up", now.minusSeconds(60), now, Duration.ofSeconds(15));
            String url = "http://127.0.0.1:" + stub.getAddress().getPort() + "/prom";
            for (PrometheusCredentials credentials : List.of(
                    PrometheusCredentials.basic("reader", "s3cret-pass"), PrometheusCredentials.bearer("tok-s3cret"))) {
                PrometheusClient guarded =
                        new PrometheusClient("guarded", URI.create(url), credentials, Duration.ofSeconds(5));
                assertThatThrownBy(() -> guarded.queryRange(query))
                        .isInstanceOfSatisfying(PrometheusException.class, e -> {
                            assertThat(e.errorType()).isEqualTo("http_401");
                            assertThat(e.unavailable()).isFalse();
                            assertThat(e.getMessage())
                                    .contains("refused the credentials")
                                    .doesNotContain("s3cret")
                                    .doesNotContain(authorization.get().substring(7));
                        });
                assertThat(credentials.toString()).doesNotContain("s3cret");
            }
            assertThat(authorization.get()).isEqualTo("Bearer tok-s3cret");
        } finally {
            stub.stop(0);
        }
    }
}
