package dev.whatmoved.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The real Prometheus server of the test platform: history from promtool blocks, live samples from an exporter. */
class PrometheusServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void holdsTheHistoryAndScrapesTheExporterThenStopsWithoutLeavingAProcess() throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);
        String history = "# TYPE orders gauge\n" + "orders{country=\"DE\"} 7 " + hour.getEpochSecond() + "\n# EOF\n";
        ProcessHandle handle;
        try (TextExporter exporter = new TextExporter();
                PrometheusServer prometheus = PrometheusServer.builder(Path.of("target", "prometheus-server-test"))
                        .scrape(exporter.target())
                        .history(history)
                        .start()) {
            exporter.set("live_gauge{plan=\"pro\"}", 3);
            handle = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("127.0.0.1:" + prometheus.port()))
                    .findFirst()
                    .orElseThrow();

            assertThat(query(prometheus, "orders", hour))
                    .contains("\"country\":\"DE\"")
                    .contains("\"7\"");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String live = "";
            while (System.nanoTime() < deadline && !live.contains("\"3\"")) {
                Thread.sleep(200);
                live = query(prometheus, "live_gauge", Instant.now());
            }
            assertThat(live).contains("\"plan\":\"pro\"").contains("\"3\"");
            assertThat(exporter.scrapes()).isPositive();
        }
        assertThat(handle.isAlive()).as("prometheus process after close").isFalse();
    }

    private String query(PrometheusServer prometheus, String promql, Instant at) throws Exception {
        String url = prometheus.url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + at.getEpochSecond();
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
