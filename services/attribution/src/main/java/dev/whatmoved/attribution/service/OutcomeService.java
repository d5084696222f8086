package dev.whatmoved.attribution.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.OutcomeDetail;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.model.BeforeAfter;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.OutcomeRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads outcomes: the latest version of each checkpoint's outcome (computed by {@link OutcomeEngine}), pending ones
 * for checkpoints not computed yet, and for a release the labelled before/after baseline.
 */
@ApplicationScoped
public class OutcomeService {

    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final PredictionRepository predictions;
    private final CheckpointRepository checkpoints;
    private final OutcomeRepository outcomes;
    private final DailyRollupRepository rollups;
    private final BeforeAfter beforeAfter;
    private final ObjectMapper json;
    private final Clock clock;

    public OutcomeService(
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            PredictionRepository predictions,
            CheckpointRepository checkpoints,
            OutcomeRepository outcomes,
            DailyRollupRepository rollups,
            OutcomesConfig config,
            ObjectMapper json,
            Clock clock) {
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.predictions = predictions;
        this.checkpoints = checkpoints;
        this.outcomes = outcomes;
        this.rollups = rollups;
        this.beforeAfter = new BeforeAfter(config.baselineDays());
        this.json = json;
        this.clock = clock;
    }

    @WithSession
    public Uni<ReleaseReport> outcomesOf(UUID releaseId) {
        return releases.findById(releaseId)
                .onItem()
                .ifNull()
                .failWith(() -> ProblemException.notFound("release", releaseId))
                .flatMap(release -> rollbacks.findById(release.id).flatMap(rollback -> checkpoints
                        .ofRelease(release.id)
                        .flatMap(rows -> outcomes.latestOfRelease(release.id).map(latest -> withOutcomes(rows, latest)))
                        .flatMap(views -> baseline(release)
                                .map(baseline -> new ReleaseReport(release, rollback, views, baseline)))));
    }

    /** Every outcome of a feature's releases, latest versions, pending ones included. */
    @WithSession
    public Uni<List<CheckpointOutcome>> outcomesOfFeature(String featureKey) {
        return checkpoints.ofFeature(featureKey).flatMap(rows -> {
            if (rows.isEmpty()) {
                return predictions
                        .ofFeatures(List.of(featureKey))
                        .flatMap(known -> known.isEmpty()
                                ? Uni.createFrom().failure(ProblemException.notFound("feature", featureKey))
                                : Uni.createFrom().item(List.<CheckpointOutcome>of()));
            }
            return outcomes.latestOfFeature(featureKey).map(latest -> withOutcomes(rows, latest));
        });
    }

    /** The computed outcomes on a metric of the releases deployed in {@code [from, to)}. */
    @WithSession
    public Uni<List<CheckpointOutcome>> attributions(String metric, Instant from, Instant to) {
        return outcomes.latestOfMetric(metric, from, to).flatMap(latest -> {
            if (latest.isEmpty()) {
                return Uni.createFrom().item(List.<CheckpointOutcome>of());
            }
            return checkpoints
                    .list("id in ?1", latest.stream().map(o -> o.checkpointId).toList())
                    .map(rows -> withOutcomes(rows, latest));
        });
    }

    private List<CheckpointOutcome> withOutcomes(List<Checkpoint> rows, List<Outcome> latest) {
        Map<UUID, Outcome> byCheckpoint =
                latest.stream().collect(Collectors.toMap(o -> o.checkpointId, Function.identity()));
        return rows.stream()
                .sorted(Comparator.comparing((Checkpoint c) -> c.releaseId.toString())
                        .thenComparing(c -> c.featureKey)
                        .thenComparingInt(c -> c.predictionNumber)
                        .thenComparingInt(c -> c.checkpointDays))
                .map(row -> withOutcome(row, byCheckpoint.get(row.id)))
                .toList();
    }

    private CheckpointOutcome withOutcome(Checkpoint row, Outcome outcome) {
        return new CheckpointOutcome(row, outcome, outcome == null ? null : read(outcome.detail));
    }

    private OutcomeDetail read(String detail) {
        try {
            return json.readValue(detail, OutcomeDetail.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable outcome detail", e);
        }
    }

    /** The before/after comparison on each metric the release's features predict. */
    private Uni<List<ReleaseReport.BaselineMetric>> baseline(Release release) {
        LocalDate releaseDay = LocalDate.ofInstant(release.deployedAt, ZoneOffset.UTC);
        LocalDate today = LocalDate.now(clock);
        return predictions.ofFeatures(List.of(release.features)).flatMap(current -> {
            Map<String, List<String>> byMetric = new TreeMap<>();
            for (Prediction p : current) {
                List<String> keys = byMetric.computeIfAbsent(p.metric, m -> new ArrayList<>());
                if (!keys.contains(p.featureKey)) {
                    keys.add(p.featureKey);
                }
            }
            return Multi.createFrom()
                    .iterable(byMetric.entrySet())
                    .onItem()
                    .transformToUniAndConcatenate(metric -> rollups.between(
                                    metric.getKey(), releaseDay.minusDays(beforeAfter.baselineDays()), today)
                            .map(days -> compare(metric.getKey(), metric.getValue(), releaseDay, today, days)))
                    .collect()
                    .asList();
        });
    }

    private ReleaseReport.BaselineMetric compare(
            String metric, List<String> featureKeys, LocalDate releaseDay, LocalDate today, List<DailyRollup> days) {
        Map<LocalDate, Double> daily = new HashMap<>();
        days.forEach(day -> {
            Double value = day.value();
            if (value != null) {
                daily.put(day.day, value);
            }
        });
        return new ReleaseReport.BaselineMetric(metric, featureKeys, beforeAfter.compare(releaseDay, today, daily));
    }
}
