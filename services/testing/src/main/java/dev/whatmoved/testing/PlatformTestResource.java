package dev.whatmoved.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a {@code @QuarkusTest} against the {@link EmbeddedPlatform}: a real PostgreSQL and a real Kafka broker.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(value = PlatformTestResource.class, initArgs = @ResourceArg(name = "database", value = "features"))
 * }</pre>
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE, "whatmoved");
    }

    @Override
    public Map<String, String> start() {
        // writes the key file the service's test profile names, before the service reads it
        TestTokens.publicKeyPem();
        return EmbeddedPlatform.get().serviceConfig(database);
    }

    @Override
    public void stop() {
        // shared by every test of the JVM; stopped when the JVM exits
    }
}
