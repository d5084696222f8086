package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.calibration.Calibration;
import dev.whatmoved.attribution.calibration.CalibrationReport;
import dev.whatmoved.attribution.calibration.OutputsVsOutcomes;
import dev.whatmoved.attribution.calibration.Period;
import dev.whatmoved.attribution.calibration.TrackRecord;
import dev.whatmoved.attribution.calibration.TrackRecords;
import dev.whatmoved.attribution.domain.Feature;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.FeatureRepository;
import dev.whatmoved.attribution.repository.OutcomeRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How teams' predictions fared: the calibration of a team or owner, and outputs against outcomes per period. Reads the
 * stored facts once per query and scores them in plain Java ({@link Calibration}, {@link OutputsVsOutcomes}).
 */
@ApplicationScoped
public class CalibrationService {

    private final FeatureRepository features;
    private final PredictionRepository predictions;
    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final CheckpointRepository checkpoints;
    private final OutcomeRepository outcomes;

    public CalibrationService(
            FeatureRepository features,
            PredictionRepository predictions,
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            CheckpointRepository checkpoints,
            OutcomeRepository outcomes) {
        this.features = features;
        this.predictions = predictions;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.checkpoints = checkpoints;
        this.outcomes = outcomes;
    }

    /**
     * Calibration over the predictions of the features of {@code team}/{@code owner} shipped in [from, to], with its
     * trend per quarter and its Brier score against the median of the organisation's teams (owners when {@code owner}
     * is given) over the same period.
     */
    @WithSession
    public Uni<CalibrationReport> calibration(String team, String owner, LocalDate from, LocalDate to) {
        return features.of(null, null).flatMap(known -> trackRecords(known).map(records -> {
            List<TrackRecord> organisation = records.records.stream()
                    .filter(record -> (from == null || !record.shipped().isBefore(from))
                            && (to == null || !record.shipped().isAfter(to)))
                    .toList();
            List<TrackRecord> inScope = organisation.stream()
                    .filter(record -> (team == null || team.equals(record.team()))
                            && (owner == null || owner.equals(record.owner())))
                    .toList();
            return Calibration.score(inScope, organisation, owner != null);
        }));
    }

    /** Outputs against outcomes per team (or only {@code team}) and period, newest period first. */
    @WithSession
    public Uni<List<OutputsVsOutcomes.Row>> outputsVsOutcomes(String team, Period period) {
        return features.of(null, null).flatMap(known -> trackRecords(known).flatMap(records -> rollbacks
                .ofReleases(records.releases.stream().map(r -> r.id).toList())
                .map(rolledBack -> {
                    Map<String, String> teamOfFeature = new HashMap<>();
                    known.forEach(feature -> teamOfFeature.put(feature.key, feature.team));
                    Set<UUID> rolledBackIds =
                            rolledBack.stream().map(r -> r.releaseId).collect(Collectors.toSet());
                    List<OutputsVsOutcomes.Row> rows = OutputsVsOutcomes.count(
                            period, records.releases, rolledBackIds, teamOfFeature, records.records);
                    return team == null
                            ? rows
                            : rows.stream()
                                    .filter(row -> team.equals(row.team()))
                                    .toList();
                })));
    }

    private Uni<Loaded> trackRecords(List<Feature> known) {
        List<String> keys = known.stream().map(feature -> feature.key).toList();
        return predictions.ofFeatures(keys).flatMap(predicted -> releases.listAll()
                .flatMap(all -> checkpoints.ofFeatures(keys).flatMap(rows -> outcomes.latestOfFeatures(keys)
                        .map(latest -> new Loaded(all, new TrackRecords(all, rows, latest).of(known, predicted))))));
    }

    private record Loaded(List<Release> releases, List<TrackRecord> records) {}
}
