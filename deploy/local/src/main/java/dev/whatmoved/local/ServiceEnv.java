package dev.whatmoved.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The environment each service process gets: where its database and Kafka are, how to verify tokens, what the
 * console and notify call with, and the variables added for one service ({@link Platform#addServiceEnv}).
 */
final class ServiceEnv {

    private final PlatformConfig config;
    private final SigningKeys signingKeys;
    private final Infrastructure infrastructure;
    /** Variables given to one service on top of {@link #of} (the demo's webhook secrets, announcement interval...). */
    private final Map<String, Map<String, String>> addedEnv = Collections.synchronizedMap(new LinkedHashMap<>());

    ServiceEnv(PlatformConfig config, SigningKeys signingKeys, Infrastructure infrastructure) {
        this.config = config;
        this.signingKeys = signingKeys;
        this.infrastructure = infrastructure;
    }

    /** Gives the service these environment variables when it starts. */
    void add(String service, Map<String, String> env) {
        addedEnv.computeIfAbsent(service, name -> new LinkedHashMap<>()).putAll(env);
    }

    /** The variables the services' application.properties read to find their database and Kafka. */
    Map<String, String> of(PlatformConfig.ServiceSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(spec.port()));
        env.put("WHATMOVED_DB_HOST", infrastructure.pgHost());
        env.put("WHATMOVED_DB_PORT", Integer.toString(infrastructure.pgPort()));
        env.put("WHATMOVED_DB_USER", config.dbUser());
        env.put("WHATMOVED_DB_PASSWORD", config.dbPassword());
        env.put("WHATMOVED_DB_NAME", spec.database());
        env.put("KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrap());
        // Tokens minted by ./whatmoved token are signed with the private half of this key pair.
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", signingKeys.publicKeyFile().toString());
        env.put("MP_JWT_VERIFY_ISSUER", SigningKeys.ISSUER);
        if (PlatformConfig.CONSOLE.equals(spec.name())) {
            env.putAll(consoleEnv());
        }
        if ("notify".equals(spec.name())) {
            env.putAll(notifyEnv());
        }
        if ("features".equals(spec.name())) {
            // the prediction review: features asks attribution with the caller's token (docs/architecture.md)
            env.put("WHATMOVED_REVIEW_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        }
        env.putAll(addedEnv.getOrDefault(spec.name(), Map.of()));
        return env;
    }

    /**
     * Where the notifications' links point (the console's pages), and where the digest reads the team's calibration
     * trend (attribution) with the read-scope token the weekly digest sends (minted at each start, subject {@code
     * notify}; a printed digest sends its caller's).
     */
    private Map<String, String> notifyEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHATMOVED_NOTIFY_CONSOLE_URL", "http://localhost:" + config.consolePort());
        env.put("WHATMOVED_NOTIFY_CALIBRATION_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        env.put("WHATMOVED_NOTIFY_CALIBRATION_TOKEN", readToken("notify"));
        return env;
    }

    /**
     * Where the console finds the services, and the read-scope token it calls them with (minted at each start; valid
     * for a year, subject {@code console}).
     */
    private Map<String, String> consoleEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("WHATMOVED_FEATURES_URL", "http://127.0.0.1:" + config.featuresPort());
        env.put("WHATMOVED_METRICS_URL", "http://127.0.0.1:" + config.metricsPort());
        env.put("WHATMOVED_ATTRIBUTION_URL", "http://127.0.0.1:" + config.attributionPort());
        env.put("WHATMOVED_CONSOLE_TOKEN", readToken("console"));
        return env;
    }

    /** A read-scope token for {@code subject}, valid for a year. */
    private String readToken(String subject) {
        return TokenCommand.mint(
                signingKeys.ensure(),
                new TokenCommand.Request(
                        List.of("read"),
                        subject,
                        Duration.ofDays(365),
                        UUID.randomUUID().toString()),
                Instant.now());
    }
}
