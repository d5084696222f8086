package dev.whatmoved.console.page;

import dev.whatmoved.console.client.Analysis;
import dev.whatmoved.console.client.AttributionApi;
import dev.whatmoved.console.client.Calibration;
import dev.whatmoved.console.client.FeatureDetail;
import dev.whatmoved.console.client.FeatureSummary;
import dev.whatmoved.console.client.FeaturesApi;
import dev.whatmoved.console.client.ItemPage;
import dev.whatmoved.console.client.MetricDefinition;
import dev.whatmoved.console.client.MetricSeries;
import dev.whatmoved.console.client.MetricsApi;
import dev.whatmoved.console.client.Outcome;
import dev.whatmoved.console.client.OutputsVsOutcomes;
import dev.whatmoved.console.client.Panel;
import dev.whatmoved.console.client.Release;
import dev.whatmoved.console.client.ReleaseOutcomes;
import dev.whatmoved.console.config.ConsoleConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
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

    /** A page of the features list, of a team's or an owner's if given. */
    public Uni<Panel<ItemPage<FeatureSummary>>> featureList(String team, String owner, int page, int size) {
        return features(api -> api.features(team, owner, page, size), ItemPage.none());
    }

    public Uni<Panel<FeatureDetail>> feature(String key) {
        return features(api -> api.feature(key), FeatureDetail.NONE);
    }

    /** A page of the releases, newest first. */
    public Uni<Panel<ItemPage<Release>>> releases(int page, int size) {
        return features(api -> api.releases(page, size), ItemPage.none());
    }

    /** A page of the releases deployed from {@code from} to {@code to} (RFC 3339 instants, both inclusive). */
    public Uni<Panel<ItemPage<Release>>> releasesIn(String from, String to, int page, int size) {
        return features(api -> api.releasesIn(from, to, page, size), ItemPage.none());
    }

    public Uni<Panel<Release>> release(String id) {
        return features(api -> api.release(id), Release.NONE);
    }

    private <T> Uni<Panel<T>> features(Function<FeaturesApi, Uni<T>> call, T empty) {
        return Panel.of(FEATURES, Uni.createFrom().deferred(() -> call.apply(features)), empty, config.callTimeout());
    }

    /** The metric catalogue; none when metrics did not answer. */
    public Uni<Panel<List<MetricDefinition>>> catalogue() {
        return metrics(MetricsApi::catalogue, List.of());
    }

    public Uni<Panel<MetricDefinition>> metric(String key) {
        return metrics(api -> api.metric(key), MetricDefinition.NONE);
    }

    /** Daily buckets of the total from {@code from} (inclusive) to {@code to} (exclusive), ISO dates. */
    public Uni<Panel<MetricSeries>> series(String key, String from, String to) {
        return metrics(api -> api.series(key, from, to), MetricSeries.NONE);
    }

    private <T> Uni<Panel<T>> metrics(Function<MetricsApi, Uni<T>> call, T empty) {
        return Panel.of(METRICS, Uni.createFrom().deferred(() -> call.apply(metrics)), empty, config.callTimeout());
    }

    /** Outputs against outcomes per team, by {@code period} (quarter or month). */
    public Uni<Panel<OutputsVsOutcomes>> outputsVsOutcomes(String period) {
        return attribution(api -> api.outputsVsOutcomes(period), OutputsVsOutcomes.NONE);
    }

    /** What attribution measured of a release, per prediction and checkpoint. */
    public Uni<Panel<ReleaseOutcomes>> releaseOutcomes(String id) {
        return attribution(api -> api.releaseOutcomes(id), ReleaseOutcomes.NONE);
    }

    /** The latest outcome of every release of the feature on every prediction and checkpoint. */
    public Uni<Panel<List<Outcome>>> featureOutcomes(String key) {
        return attribution(api -> api.featureOutcomes(key), List.of());
    }

    /** The latest outcomes on the metric of the releases deployed since {@code from} (an ISO date). */
    public Uni<Panel<List<Outcome>>> attributions(String metric, String from) {
        return attribution(api -> api.attributions(metric, from), List.of());
    }

    /** The latest outcomes on the metric of the releases deployed from {@code from} to {@code to} (exclusive). */
    public Uni<Panel<List<Outcome>>> attributions(String metric, String from, String to) {
        return attribution(api -> api.attributions(metric, from, to), List.of());
    }

    /** The calibration of a team, of an owner, or (both null) of everyone. */
    public Uni<Panel<Calibration>> calibration(String team, String owner) {
        return attribution(api -> api.calibration(team, owner), Calibration.NONE);
    }

    /** The model's counterfactual on a series of the console's own. */
    public Uni<Panel<Analysis>> analyse(Analysis.Request request) {
        return attribution(api -> api.analyse(request), Analysis.NONE);
    }

    private <T> Uni<Panel<T>> attribution(Function<AttributionApi, Uni<T>> call, T empty) {
        return Panel.of(
                ATTRIBUTION, Uni.createFrom().deferred(() -> call.apply(attribution)), empty, config.callTimeout());
    }
}
