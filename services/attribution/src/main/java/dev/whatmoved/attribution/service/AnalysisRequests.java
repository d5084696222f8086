package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.HourlyCheckpoint;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a checkpoint, its release and prediction, the metric's rollups and the other releases inside the window into
 * the model's request: daily ({@link CheckpointAnalysis}) or, for the first day, hourly ({@link HourlyCheckpoint}),
 * with the outcome job's settings and the prediction's looks.
 */
@ApplicationScoped
class AnalysisRequests {

    private static final int HOURS_PER_DAY = 24;

    private final OutcomesConfig config;
    private final CheckpointAnalysis.Settings daily;
    private final CheckpointAnalysis.Settings hourly;

    AnalysisRequests(OutcomesConfig config) {
        this.config = config;
        this.daily = config.dailyAnalysis();
        this.hourly = new CheckpointAnalysis.Settings(
                config.hourly().preHours(),
                config.alpha(),
                HOURS_PER_DAY,
                config.hourly().minPreHours(),
                config.minPostShare());
    }

    CheckpointAnalysis.Settings dailySettings() {
        return daily;
    }

    CheckpointAnalysis.Settings hourlySettings() {
        return hourly;
    }

    HourlyCheckpoint.Request hourly(
            Release release,
            Rollback rollback,
            Prediction prediction,
            Map<Instant, Double> values,
            List<Release> others,
            Map<UUID, Rollback> ended) {
        return new HourlyCheckpoint.Request(
                release.deployedAt,
                rollback == null ? null : rollback.rolledBackAt,
                expectation(prediction),
                values,
                others.stream()
                        .map(o -> new HourlyCheckpoint.OtherRelease(
                                o.id.toString(),
                                o.deployedAt,
                                ended.containsKey(o.id) ? ended.get(o.id).rolledBackAt : null))
                        .toList(),
                hourly,
                looks(prediction, 1),
                config.hourly().dayOfWeek());
    }

    CheckpointAnalysis.Request daily(
            Checkpoint checkpoint,
            LocalDate releaseDay,
            LocalDate rollbackDay,
            Prediction prediction,
            List<DailyRollup> days,
            List<Release> others,
            Map<UUID, Rollback> ended,
            Set<LocalDate> excludedDays) {
        Map<LocalDate, Double> values = new HashMap<>();
        days.forEach(day -> {
            Double value = day.value();
            if (value != null) {
                values.put(day.day, value);
            }
        });
        List<CheckpointAnalysis.OtherRelease> overlapping = new ArrayList<>();
        for (Release other : others) {
            Rollback r = ended.get(other.id);
            overlapping.add(new CheckpointAnalysis.OtherRelease(
                    other.id.toString(),
                    CheckpointPlanner.day(other.deployedAt),
                    r == null ? null : CheckpointPlanner.day(r.rolledBackAt)));
        }
        return new CheckpointAnalysis.Request(
                releaseDay,
                rollbackDay,
                checkpoint.checkpointDays,
                expectation(prediction),
                values,
                overlapping,
                daily,
                looks(prediction, checkpoint.checkpointDays),
                excludedDays,
                null);
    }

    /** The prediction's checkpoints (up to its horizon): the looks its alpha is spent across. */
    private List<Integer> looks(Prediction prediction, int checkpointDays) {
        List<Integer> looks = config.checkpoints().stream()
                .filter(d -> d <= prediction.horizonDays)
                .sorted()
                .distinct()
                .toList();
        return looks.contains(checkpointDays) ? looks : List.of(checkpointDays);
    }

    private static CheckpointAnalysis.Expectation expectation(Prediction prediction) {
        return new CheckpointAnalysis.Expectation(
                prediction.direction, prediction.expectedChangePct, prediction.guardrail, prediction.tolerancePct);
    }
}
