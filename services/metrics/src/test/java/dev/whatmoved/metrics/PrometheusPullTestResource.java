package dev.whatmoved.metrics;

import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PrometheusServer;
import dev.whatmoved.testing.TextExporter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The metrics service on the embedded platform with a real Prometheus server to pull from: it scrapes a small exporter
 * every second ({@code shop_visits{platform="ios"}}, which a test changes through the exporter's {@code /set}), and
 * holds three days of history made by promtool ({@code shop_orders{country="de"}} 1 and {@code {country="fr"}} 2 at
 * every minute, up to ten minutes before the start: {@code test.history.end}), with a retention of {@link #RETENTION}. Connection {@code prom} is that
 * server; {@code prom-down} a port nothing listens on.
 */
public class PrometheusPullTestResource implements QuarkusTestResourceLifecycleManager {

    static final Duration RETENTION = Duration.ofDays(3);

    private final PlatformTestResource platform = new PlatformTestResource();
    private TextExporter exporter;
    private PrometheusServer prometheus;

    @Override
    public void init(Map<String, String> initArgs) {
        platform.init(Map.of(PlatformTestResource.DATABASE, "metrics"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(platform.start());
        // the last minute of the history: ten minutes ago, so its lookback (5 min) ended before any pull
        Instant historyEnd = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        exporter = new TextExporter();
        exporter.set("shop_visits{platform=\"ios\"}", 3);
        prometheus = PrometheusServer.builder(Path.of("target", "prometheus-pull-test"))
                .scrape(exporter.target())
                .retention(RETENTION)
                .history(history(historyEnd))
                .start();
        config.put("whatmoved.metrics.pull.tick", "200ms");
        config.put("whatmoved.metrics.pull.min-every", "PT1S");
        config.put("whatmoved.metrics.pull.connections.prom.url", prometheus.url());
        config.put("whatmoved.metrics.pull.connections.prom-down.url", "http://127.0.0.1:" + closedPort());
        config.put("test.prometheus.url", prometheus.url());
        config.put("test.exporter.url", exporter.url());
        config.put("test.history.end", historyEnd.toString());
        return config;
    }

    /** Every minute from the day three days before {@code end} up to {@code end}, per country. */
    private static String history(Instant end) {
        StringBuilder text = new StringBuilder("# TYPE shop_orders gauge\n");
        Instant from = end.truncatedTo(ChronoUnit.DAYS).minus(RETENTION);
        for (Instant t = from; !t.isAfter(end); t = t.plus(1, ChronoUnit.MINUTES)) {
            text.append("shop_orders{country=\"de\"} 1 ")
                    .append(t.getEpochSecond())
                    .append('\n');
            text.append("shop_orders{country=\"fr\"} 2 ")
                    .append(t.getEpochSecond())
                    .append('\n');
        }
        return text.append("# EOF\n").toString();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        platform.stop();
    }
}
