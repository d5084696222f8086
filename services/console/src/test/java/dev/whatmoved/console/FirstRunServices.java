package dev.whatmoved.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A platform as new as a test wants it: features, metrics and attribution on one HTTP server (under {@code /features},
 * {@code /metrics}, {@code /attribution}) holding {@link #metrics} metrics, {@link #features} features and
 * {@link #releases} releases, nothing measured. A test sets the three counts before it reads a page.
 */
public class FirstRunServices extends StubServer {

    static volatile int metrics;
    static volatile int features;
    static volatile int releases;

    private final ObjectMapper json = new ObjectMapper();

    static void holding(int metricCount, int featureCount, int releaseCount) {
        metrics = metricCount;
        features = featureCount;
        releases = releaseCount;
    }

    @Override
    protected void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            Object answer;
            if (path.equals("/metrics/api/metrics")) {
                ArrayNode catalogue = json.createArrayNode();
                for (int i = 0; i < metrics; i++) {
                    catalogue
                            .addObject()
                            .put("key", "shop.metric-" + i)
                            .put("name", "Metric " + i)
                            .put("aggregation", "sum")
                            .put("goodDirection", "up");
                }
                answer = catalogue;
            } else if (path.equals("/features/api/features")) {
                ObjectNode page = json.createObjectNode();
                ArrayNode items = page.putArray("items");
                for (int i = 0; i < features; i++) {
                    items.addObject()
                            .put("key", "feature-" + i)
                            .put("title", "Feature " + i)
                            .put("team", "shop")
                            .put("owner", "carla")
                            .put("status", "committed");
                }
                page.put("total", features);
                answer = page;
            } else if (path.equals("/features/api/releases")) {
                ObjectNode page = json.createObjectNode();
                ArrayNode items = page.putArray("items");
                for (int i = 0; i < releases; i++) {
                    ObjectNode release = items.addObject()
                            .put("id", String.format("00000000-0000-4000-8000-%012d", i))
                            .put("service", "shop")
                            .put("version", "v" + i)
                            .put("environment", "production")
                            .put("deployedAt", "2026-11-0" + (1 + i % 9) + "T10:00:00Z")
                            .put("source", "api")
                            .put("state", "deployed");
                    release.putArray("features");
                }
                page.put("total", releases);
                answer = page;
            } else if (path.equals("/attribution/api/outputs-vs-outcomes")) {
                ObjectNode outputs = json.createObjectNode();
                outputs.putArray("rows");
                answer = outputs;
            } else if (path.equals("/attribution/api/calibration")) {
                ObjectNode calibration = json.createObjectNode();
                calibration.putArray("predictions");
                answer = calibration;
            } else if (path.startsWith("/attribution/api/metrics/") && path.endsWith("/attributions")) {
                answer = json.createArrayNode();
            } else {
                answer = null;
            }
            byte[] body = (answer == null
                            ? "{\"title\":\"Not Found\",\"status\":404}"
                            : json.writeValueAsString(answer))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
