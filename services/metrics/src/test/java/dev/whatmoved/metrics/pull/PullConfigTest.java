package dev.whatmoved.metrics.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Connections come from environment variables as docs/operations.md says (a password from a secret). */
class PullConfigTest {

    @Test
    void aConnectionIsConfiguredByEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(PullConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus' 5s, 5m
                .withSources(new EnvConfigSource(
                        Map.of(
                                "WHATMOVED_METRICS_PULL_CONNECTIONS_SHOP_URL", "jdbc:postgresql://db/shop",
                                "WHATMOVED_METRICS_PULL_CONNECTIONS_SHOP_USER", "reader",
                                "WHATMOVED_METRICS_PULL_CONNECTIONS_SHOP_PASSWORD", "from-a-secret"),
                        300))
                .build();

        PullConnection shop = config.getConfigMapping(PullConfig.class).connection("shop");

        assertThat(shop.url()).isEqualTo("jdbc:postgresql://db/shop");
        assertThat(shop.user()).contains("reader");
        assertThat(shop.password()).isEqualTo(Optional.of("from-a-secret"));
        assertThat(config.getConfigMapping(PullConfig.class).connection("other"))
                .isNull();
    }
}
