package dev.whatmoved.console.client;

import dev.whatmoved.console.config.ConsoleConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;

/** The three REST clients, on the base URLs of {@link ConsoleConfig}, each sending the console's token. */
@ApplicationScoped
public class Clients {

    @Produces
    @ApplicationScoped
    FeaturesApi features(ConsoleConfig config) {
        return build(config, config.featuresUrl(), FeaturesApi.class);
    }

    @Produces
    @ApplicationScoped
    MetricsApi metrics(ConsoleConfig config) {
        return build(config, config.metricsUrl(), MetricsApi.class);
    }

    @Produces
    @ApplicationScoped
    AttributionApi attribution(ConsoleConfig config) {
        return build(config, config.attributionUrl(), AttributionApi.class);
    }

    private static <T> T build(ConsoleConfig config, URI baseUrl, Class<T> api) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUrl)
                .register(new ServiceToken(config))
                .build(api);
    }
}
