package dev.whatmoved.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small Prometheus exporter a test runs: serves {@code /metrics} in the text exposition format with the samples the
 * test sets, so a {@link PrometheusServer} scraping it holds exactly what the test decided. Each series is a name with
 * labels, e.g. {@code set("signups_total{country=\"DE\"}", 42)}. A test that cannot hold this object (a Quarkus test
 * resource runs it in another class loader) sets a series over HTTP: {@code POST /set} with the body
 * {@code series value}.
 */
public final class TextExporter implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Double> samples = new TreeMap<>();
    private final AtomicInteger scrapes = new AtomicInteger();

    public TextExporter() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            scrapes.incrementAndGet();
        });
        server.createContext("/set", exchange -> {
            String line = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).strip();
            int space = line.lastIndexOf(' ');
            try {
                set(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                exchange.sendResponseHeaders(204, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            }
            exchange.close();
        });
        server.start();
    }

    /** What a scrape target is in a Prometheus configuration: {@code 127.0.0.1:port}. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Its base URL, e.g. {@code http://127.0.0.1:40123} ({@code /metrics}, {@code /set}). */
    public String url() {
        return "http://" + target();
    }

    /** Sets the value of {@code series} (a metric name with optional labels) from the next scrape on. */
    public synchronized void set(String series, double value) {
        samples.put(series, value);
    }

    /** How many times {@code /metrics} was served. */
    public int scrapes() {
        return scrapes.get();
    }

    private synchronized String exposition() {
        StringBuilder text = new StringBuilder();
        samples.forEach((series, value) ->
                text.append(series).append(' ').append(format(value)).append('\n'));
        return text.toString();
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
