package dev.whatmoved.local.scale;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What the scale-out proof registers through the APIs: its metrics (two dimensions, summed), a feature predicting
 * each of the stream's metrics, and the releases posted during the stream, kept for the {@link OutcomeCheck}.
 */
final class ScaleCatalogue {

    private final Api api;
    private final URI metricsUrl;
    private final URI featuresUrl;
    private final ScaleLog log;
    private final List<OutcomeCheck.PostedRelease> posted = new ArrayList<>();

    ScaleCatalogue(Api api, URI metricsUrl, URI featuresUrl, ScaleLog log) {
        this.api = api;
        this.metricsUrl = metricsUrl;
        this.featuresUrl = featuresUrl;
        this.log = log;
    }

    /** Registers {@code metrics}, then one committed feature predicting each of {@code predicted}. */
    void register(List<String> metrics, List<String> predicted) {
        for (String metric : metrics) {
            api.post(
                    metricsUrl.resolve("/api/metrics"),
                    "{\"key\": \"" + metric + "\", \"aggregation\": \"sum\", \"goodDirection\": \"up\","
                            + " \"dimensions\": [\"country\", \"plan\"]}",
                    201);
        }
        for (int i = 0; i < predicted.size(); i++) {
            String key = ScalePlan.featureKey(i);
            api.post(
                    featuresUrl.resolve("/api/features"),
                    "{\"key\": \"" + key + "\", \"title\": \"Scale-out proof " + i + "\", \"team\": \"bench\","
                            + " \"owner\": \"bench\", \"predictions\": [{\"metric\": \"" + predicted.get(i) + "\","
                            + " \"direction\": \"up\", \"expectedChangePct\": 5, \"confidence\": 0.6}]}",
                    201);
            api.post(featuresUrl.resolve("/api/features/" + key + "/commit"), "", 200);
        }
        log.log("registered %d metrics and %d features with predictions", metrics.size(), predicted.size());
    }

    /** Posts release {@code j}: of feature {@code j % features}, deployed {@code 8 + 4j} days before today. */
    void postRelease(int j, int features, LocalDate today) {
        String feature = ScalePlan.featureKey(j % features);
        LocalDate day = today.minusDays(8 + 4L * j);
        String id = api.post(
                        featuresUrl.resolve("/api/releases"),
                        "{\"service\": \"scale-svc\", \"version\": \"1.0." + j + "\", \"environment\":"
                                + " \"production\", \"deployedAt\": \"" + day + "T10:15:00Z\", \"features\": [\""
                                + feature + "\"]}",
                        201)
                .path("id")
                .asText();
        posted.add(new OutcomeCheck.PostedRelease(UUID.fromString(id), feature, day));
        log.event("posted release %s of %s deployed %s", id, feature, day);
    }

    /** The releases posted so far. */
    List<OutcomeCheck.PostedRelease> posted() {
        return posted;
    }
}
