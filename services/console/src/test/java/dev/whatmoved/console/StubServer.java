package dev.whatmoved.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Features, metrics and attribution for a console test, as one HTTP server on a free port (under {@code /features},
 * {@code /metrics}, {@code /attribution}) that the console is pointed at; a subclass says what it answers.
 */
abstract class StubServer implements QuarkusTestResourceLifecycleManager {

    private HttpServer server;

    /** Prepares the answers, before the server starts. */
    protected void prepare() {}

    /** Answers one request of the console. */
    protected abstract void answer(HttpExchange exchange) throws IOException;

    @Override
    public Map<String, String> start() {
        prepare();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of(
                "whatmoved.features-url", base + "/features",
                "whatmoved.metrics-url", base + "/metrics",
                "whatmoved.attribution-url", base + "/attribution",
                "kafka.bootstrap.servers", "127.0.0.1:1");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
