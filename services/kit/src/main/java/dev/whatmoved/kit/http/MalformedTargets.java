package dev.whatmoved.kit.http;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;

/**
 * Hands request targets that are not URIs ({@code /api/features/%zz}, a {@code %} at the end) to the router, where
 * {@link RequestGuard} answers them with a {@code 400 malformed-uri} problem, instead of Quarkus's root handler, which
 * answers them with an empty {@code 400} before any handler of ours runs.
 *
 * <p>Quarkus reads the switch, the system property {@value #PROPERTY}, when it builds its root HTTP handler at start.
 * Setting it here, while the runtime configuration is built (the first thing a service does at start, in tests too),
 * makes it hold for every way a service is started (the launcher, a container, {@code java -jar}, the tests) without a
 * JVM flag each of them would have to remember. An operator who sets the property explicitly keeps their value.
 */
public class MalformedTargets implements SmallRyeConfigBuilderCustomizer {

    static final String PROPERTY = "vertx.disableURIValidation";

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}
