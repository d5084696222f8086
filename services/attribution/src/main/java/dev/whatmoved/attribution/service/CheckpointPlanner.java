package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Keeps the checkpoints in line with what is known: one per release x current prediction of its features x checkpoint
 * day (up to the prediction's horizon; after a rollback, up to the first checkpoint that reaches it), and marks
 * computed ones stale when an event changes something inside their window. Runs inside the transaction of the event
 * that caused it.
 */
@ApplicationScoped
public class CheckpointPlanner {

    private final CheckpointRepository checkpoints;
    private final PredictionRepository predictions;
    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final OutcomesConfig config;
    private final List<Integer> days;

    public CheckpointPlanner(
            CheckpointRepository checkpoints,
            PredictionRepository predictions,
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            OutcomesConfig config) {
        this.checkpoints = checkpoints;
        this.predictions = predictions;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.config = config;
        this.days = List.copyOf(new TreeSet<>(config.checkpoints()));
    }

    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Every release that ships the feature: re-planned, and the checkpoints its metrics confound marked stale. */
    public Uni<Void> planFeature(String featureKey, Collection<String> metrics) {
        return releases.linking(featureKey).flatMap(linked -> Multi.createFrom()
                .iterable(linked)
                .onItem()
                .transformToUniAndConcatenate(
                        release -> planRelease(release).chain(() -> touchAround(release, metrics)))
                .collect()
                .last()
                .replaceWithVoid());
    }

    /** Creates, updates and (while never computed) removes the release's checkpoints. */
    public Uni<Void> planRelease(Release release) {
        if (release.rollbackOf != null) {
            return Uni.createFrom().voidItem(); // a rollback deployment ends another release's effect; not measured
        }
        return rollbacks.findById(release.id).flatMap(rollback -> predictions
                .ofFeatures(List.of(release.features))
                .flatMap(current -> checkpoints.ofRelease(release.id).flatMap(existing -> {
                    Map<String, Checkpoint> wanted = wanted(release, rollback, current);
                    Log.debugf(
                            "planning release %s: %d predictions, rollback %s, %d checkpoints now, %d wanted",
                            release.id,
                            current.size(),
                            rollback == null ? "none" : rollback.rolledBackAt,
                            existing.size(),
                            wanted.size());
                    List<Checkpoint> removed = new ArrayList<>();
                    for (Checkpoint row : existing) {
                        Checkpoint plan = wanted.remove(key(row));
                        if (plan == null) {
                            if (row.version == 0) {
                                removed.add(row);
                            }
                        } else if (!Objects.equals(row.metric, plan.metric)
                                || row.predictionVersion != plan.predictionVersion
                                || !row.windowFrom.equals(plan.windowFrom)
                                || !row.windowTo.equals(plan.windowTo)
                                || !row.dueAt.equals(plan.dueAt)) {
                            row.metric = plan.metric;
                            row.predictionVersion = plan.predictionVersion;
                            row.windowFrom = plan.windowFrom;
                            row.windowTo = plan.windowTo;
                            row.dueAt = plan.dueAt;
                            row.stale = true;
                        }
                    }
                    // one session: one operation at a time
                    Uni<Void> changes = Uni.createFrom().voidItem();
                    for (Checkpoint row : removed) {
                        changes = changes.chain(() -> checkpoints.delete(row));
                    }
                    if (!wanted.isEmpty()) {
                        changes = changes.chain(() -> checkpoints.persist(wanted.values()));
                    }
                    return changes;
                })));
    }

    /** Marks stale the computed checkpoints of these metrics whose window holds the release's or rollback's day. */
    public Uni<Void> touchAround(Release release, Collection<String> metrics) {
        return rollbacks.findById(release.id).flatMap(rollback -> {
            Set<LocalDate> changeDays = new TreeSet<>();
            changeDays.add(day(release.deployedAt));
            if (rollback != null) {
                changeDays.add(day(rollback.rolledBackAt));
            }
            return Multi.createFrom()
                    .iterable(Set.copyOf(metrics))
                    .onItem()
                    .transformToMultiAndConcatenate(metric -> Multi.createFrom()
                            .iterable(changeDays)
                            .onItem()
                            .transformToUniAndConcatenate(d -> checkpoints.touch(metric, d)))
                    .collect()
                    .last()
                    .replaceWithVoid();
        });
    }

    /** The metrics the release's features predict now. */
    public Uni<List<String>> metricsOf(Release release) {
        return predictions
                .ofFeatures(List.of(release.features))
                .map(current -> current.stream().map(p -> p.metric).distinct().toList());
    }

    private Map<String, Checkpoint> wanted(Release release, Rollback rollback, List<Prediction> current) {
        LocalDate releaseDay = day(release.deployedAt);
        LocalDate rollbackDay = rollback == null ? null : day(rollback.rolledBackAt);
        Map<String, Checkpoint> wanted = new LinkedHashMap<>();
        for (Prediction prediction : current) {
            for (int d : days) {
                if (d > prediction.horizonDays) {
                    break;
                }
                CheckpointAnalysis.Window w = CheckpointAnalysis.window(releaseDay, rollbackDay, d, config.preDays());
                Checkpoint row = new Checkpoint();
                row.id = UUID.randomUUID();
                row.releaseId = release.id;
                row.featureKey = prediction.featureKey;
                row.predictionNumber = prediction.number;
                row.predictionVersion = prediction.version;
                row.checkpointDays = d;
                row.metric = prediction.metric;
                row.windowFrom = w.preFrom();
                row.windowTo = w.lastDay();
                row.dueAt = w.lastDay()
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant()
                        .plus(config.grace());
                row.stale = true;
                row.version = 0;
                wanted.put(key(row), row);
                if (w.truncated()) {
                    break; // later checkpoints would measure the same live days again
                }
            }
        }
        return wanted;
    }

    private static String key(Checkpoint row) {
        return row.featureKey + "#" + row.predictionNumber + "/" + row.checkpointDays;
    }
}
