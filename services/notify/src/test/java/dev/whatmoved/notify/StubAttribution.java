package dev.whatmoved.notify;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Attribution's {@code GET /api/calibration?team=T}, answered with a fixed two-quarter trend; a team named {@code
 * down-*} makes it answer 503, as an attribution that is down behind its load balancer. It keeps the last Authorization
 * header it received. Shared by every test class (same resources: one Quarkus start).
 */
public class StubAttribution implements QuarkusTestResourceLifecycleManager {

    static final String TREND =
            """
            {"counts": {"predictions": 7}, "brierScore": 0.19, "quarters": [
              {"quarter": "2026-Q3", "predictions": 3, "scored": 2, "brierScore": 0.245, "directionHitRate": 0.5},
              {"quarter": "2026-Q4", "predictions": 4, "scored": 4, "brierScore": 0.1624, "directionHitRate": 0.75}],
             "relative": {"peers": "team", "peersScored": 5, "medianBrierScore": 0.2, "relativeBrierScore": 0.95}}
            """;

    static volatile String lastAuthorization;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/calibration", exchange -> {
            lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
            String query = exchange.getRequestURI().getQuery();
            boolean down = query != null && query.contains("team=down-");
            byte[] body = (down ? "{\"status\": 503}" : TREND).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(down ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of(
                "whatmoved.notify.calibration.attribution-url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
