package dev.whatmoved.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Like {@link PlatformTestResource}, with the service's database behind a {@link CuttableProxy} that the test gets
 * injected (a field of type {@code CuttableProxy}), so that it can take the database away and bring it back.
 */
public class DatabaseOutageTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private CuttableProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(PlatformTestResource.DATABASE, "whatmoved");
    }

    @Override
    public Map<String, String> start() {
        TestTokens.publicKeyPem();
        EmbeddedPlatform platform = EmbeddedPlatform.get();
        proxy = new CuttableProxy(platform.postgresPort());
        Map<String, String> config = new HashMap<>(platform.serviceConfig(database));
        config.put("whatmoved.db.port", String.valueOf(proxy.port()));
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.MatchesType(CuttableProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
