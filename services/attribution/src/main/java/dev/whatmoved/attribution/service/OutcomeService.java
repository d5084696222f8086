package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.model.BeforeAfter;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.FeatureRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.rest.ReleaseOutcomes;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Outcomes of a release, computed when asked from what is stored now, so late data and late events are always
 * reflected. The foundation's method is a labelled before/after placeholder; the attribution issue replaces it.
 */
@ApplicationScoped
public class OutcomeService {

    static final String METHOD = "before-after";
    static final String VALUE = "daily sum";
    static final String CAVEAT = "placeholder: a plain before/after comparison ignores trend, weekly seasonality and"
            + " overlapping releases";

    private final ReleaseRepository releases;
    private final FeatureRepository features;
    private final DailyRollupRepository rollups;
    private final BeforeAfter beforeAfter;
    private final Clock clock;

    public OutcomeService(
            ReleaseRepository releases,
            FeatureRepository features,
            DailyRollupRepository rollups,
            OutcomesConfig config) {
        this.releases = releases;
        this.features = features;
        this.rollups = rollups;
        this.beforeAfter = new BeforeAfter(config.baselineDays());
        this.clock = Clock.systemUTC();
    }

    @WithSession
    public Uni<ReleaseOutcomes> outcomesOf(UUID releaseId) {
        return releases.findById(releaseId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("release", releaseId))
                .flatMap(release -> features.findByKeys(List.of(release.features))
                        .flatMap(linked -> measure(release, predictedMetrics(linked))
                                .map(outcomes -> new ReleaseOutcomes(
                                        release.id,
                                        release.service,
                                        release.version,
                                        release.environment,
                                        release.deployedAt,
                                        List.of(release.features),
                                        outcomes))));
    }

    /** Metric to the features predicting it, in a stable order. */
    private static Map<String, List<String>> predictedMetrics(List<Feature> linked) {
        Map<String, List<String>> byMetric = new TreeMap<>();
        for (Feature feature : linked) {
            for (String metric : feature.metrics) {
                byMetric.computeIfAbsent(metric, m -> new ArrayList<>()).add(feature.key);
            }
        }
        return byMetric;
    }

    private Uni<List<ReleaseOutcomes.Outcome>> measure(Release release, Map<String, List<String>> metrics) {
        LocalDate releaseDay = LocalDate.ofInstant(release.deployedAt, ZoneOffset.UTC);
        LocalDate today = LocalDate.now(clock);
        return Multi.createFrom()
                .iterable(metrics.entrySet())
                .onItem()
                .transformToUniAndConcatenate(metric -> rollups.between(
                                metric.getKey(), releaseDay.minusDays(beforeAfter.baselineDays()), today)
                        .map(days -> outcome(metric.getKey(), metric.getValue(), releaseDay, today, days)))
                .collect()
                .asList();
    }

    private ReleaseOutcomes.Outcome outcome(
            String metric, List<String> featureKeys, LocalDate releaseDay, LocalDate today, List<DailyRollup> days) {
        Map<LocalDate, Double> daily = new HashMap<>();
        days.forEach(day -> daily.put(day.day, day.sum));
        BeforeAfter.Comparison comparison = beforeAfter.compare(releaseDay, today, daily);
        return new ReleaseOutcomes.Outcome(
                metric,
                featureKeys,
                METHOD,
                VALUE,
                comparison.status(),
                comparison.before(),
                comparison.after(),
                comparison.absoluteChange(),
                comparison.relativeChange(),
                CAVEAT);
    }
}
