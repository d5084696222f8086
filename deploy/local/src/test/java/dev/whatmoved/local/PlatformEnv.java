package dev.whatmoved.local;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The environment that puts a test's own platform on free ports, as {@code ./whatmoved} reads it. */
public final class PlatformEnv {

    /** How many ports a platform listens on: PostgreSQL, Kafka, Kafka's controller and the five services. */
    public static final int PORTS = 8;

    /**
     * The services' JVM options in the tests: the client compiler only and the serial collector. Five services start
     * at once on two cores, and the server compiler's and G1's threads compete with the starts; the tests measure
     * correctness, not throughput (the benches run the services as {@code ./whatmoved up} does, without these).
     */
    public static final String SERVICE_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    private PlatformEnv() {}

    /**
     * A new data directory and the platform's {@link #PORTS} ports, in the order PostgreSQL, Kafka, Kafka's controller,
     * features, metrics, attribution, console, notify. The map is the caller's to add settings to.
     */
    public static Map<String, String> onPorts(String dataDirPrefix, List<Integer> ports) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("WHATMOVED_DATA_DIR", Files.createTempDirectory(dataDirPrefix).toString());
        env.put("WHATMOVED_PG_PORT", ports.get(0).toString());
        env.put("WHATMOVED_KAFKA_PORT", ports.get(1).toString());
        env.put("WHATMOVED_KAFKA_CONTROLLER_PORT", ports.get(2).toString());
        env.put("WHATMOVED_FEATURES_PORT", ports.get(3).toString());
        env.put("WHATMOVED_METRICS_PORT", ports.get(4).toString());
        env.put("WHATMOVED_ATTRIBUTION_PORT", ports.get(5).toString());
        env.put("WHATMOVED_CONSOLE_PORT", ports.get(6).toString());
        env.put("WHATMOVED_NOTIFY_PORT", ports.get(7).toString());
        env.put("WHATMOVED_SERVICE_JAVA_OPTS", SERVICE_JAVA_OPTS);
        return env;
    }
}
