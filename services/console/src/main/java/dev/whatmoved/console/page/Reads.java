package dev.whatmoved.console.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.console.client.AttributionApi;
import dev.whatmoved.console.client.FeaturesApi;
import dev.whatmoved.console.client.MetricsApi;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/** Every read a page makes, each answered as a {@link Panel} that says so when its service is down. */
@ApplicationScoped
public class Reads {

    public static final String FEATURES = "features";
    public static final String METRICS = "metrics";
    public static final String ATTRIBUTION = "attribution";

    private final FeaturesApi features;
    private final MetricsApi metrics;
    private final AttributionApi attribution;
    private final ConsoleConfig config;

    public Reads(FeaturesApi features, MetricsApi metrics, AttributionApi attribution, ConsoleConfig config) {
        this.features = features;
        this.metrics = metrics;
        this.attribution = attribution;
        this.config = config;
    }

    public Uni<Panel> features(Function<FeaturesApi, Uni<JsonNode>> call) {
        return Panel.of(FEATURES, Uni.createFrom().deferred(() -> call.apply(features)), config.callTimeout());
    }

    public Uni<Panel> metrics(Function<MetricsApi, Uni<JsonNode>> call) {
        return Panel.of(METRICS, Uni.createFrom().deferred(() -> call.apply(metrics)), config.callTimeout());
    }

    public Uni<Panel> attribution(Function<AttributionApi, Uni<JsonNode>> call) {
        return Panel.of(ATTRIBUTION, Uni.createFrom().deferred(() -> call.apply(attribution)), config.callTimeout());
    }
}
