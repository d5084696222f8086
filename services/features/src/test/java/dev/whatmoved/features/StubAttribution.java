package dev.whatmoved.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Attribution's {@code POST /api/reviews}, answered from a fixed table: the MDE falls from 8 % at day 1 to 1.2 % at day
 * 90, so +3 % is first detectable at day 30 and +1 % never. A metric named {@code broken.*} makes it answer 503. It
 * keeps the last Authorization header it received.
 */
public class StubAttribution implements QuarkusTestResourceLifecycleManager {

    static final int[] DAYS = {1, 7, 14, 30, 60, 90};
    static final double[] MDE = {8, 4, 3.5, 2, 1.5, 1.2};
    static volatile String lastAuthorization;

    private HttpServer server;
    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/reviews", exchange -> {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            JsonNode request = json.readTree(exchange.getRequestBody());
            ArrayNode reviews = json.createArrayNode();
            int status = 200;
            for (JsonNode p : request.get("predictions")) {
                if (p.get("metric").asText().startsWith("broken.")) {
                    status = 503;
                }
                reviews.add(review(p));
            }
            ObjectNode answer = json.createObjectNode().put("method", "state-space");
            answer.set("reviews", reviews);
            byte[] body = json.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of(
                "whatmoved.review.attribution-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private ObjectNode review(JsonNode p) {
        String metric = p.get("metric").asText();
        double change = p.path("changePct").asDouble(0);
        int horizon = p.path("horizonDays").asInt(90);
        ObjectNode review = json.createObjectNode()
                .put("metric", metric)
                .put("releaseDay", "2026-12-07")
                .put("changePct", change);
        ArrayNode checkpoints = review.putArray("checkpoints");
        Integer first = null;
        for (int i = 0; i < DAYS.length && DAYS[i] <= horizon; i++) {
            boolean detectable = MDE[i] <= change;
            checkpoints
                    .addObject()
                    .put("days", DAYS[i])
                    .put("decisionAlpha", 0.05)
                    .put("mdeAbsolute", MDE[i] * 10)
                    .put("mdePct", MDE[i])
                    .put("detectable", detectable);
            if (first == null && detectable) {
                first = DAYS[i];
            }
        }
        if (first == null) {
            review.putNull("firstDetectableDay");
            review.put(
                    "summary",
                    "your +" + (int) change + " % on " + metric + " cannot be told from noise at any"
                            + " checkpoint up to day " + Math.min(90, horizon));
        } else {
            review.put("firstDetectableDay", first);
            review.put(
                    "summary",
                    "your +" + (int) change + " % on " + metric + " cannot be told from noise before day " + first);
        }
        return review;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
