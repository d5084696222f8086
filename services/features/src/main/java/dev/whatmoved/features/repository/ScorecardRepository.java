package dev.whatmoved.features.repository;

import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.features.domain.ScorecardEntry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ScorecardRepository implements PanacheRepositoryBase<ScorecardEntry, ScorecardEntry.Key> {

    /** Keeps the highest outcome version per (feature, prediction, checkpoint, release): redelivery and late, older versions change nothing. */
    private static final String APPLY =
            """
            insert into scorecard_entry (feature_key, prediction_number, checkpoint_days, release_id, prediction_version,
                                         metric, verdict, rel_effect_pct, rel_effect_lower_pct, rel_effect_upper_pct, p,
                                         method, outcome_version, measured_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            on conflict (feature_key, prediction_number, checkpoint_days, release_id) do update
               set prediction_version = excluded.prediction_version, metric = excluded.metric,
                   verdict = excluded.verdict, rel_effect_pct = excluded.rel_effect_pct,
                   rel_effect_lower_pct = excluded.rel_effect_lower_pct,
                   rel_effect_upper_pct = excluded.rel_effect_upper_pct, p = excluded.p, method = excluded.method,
                   outcome_version = excluded.outcome_version, measured_at = excluded.measured_at
             where scorecard_entry.outcome_version < excluded.outcome_version
            """;

    public Uni<Void> apply(OutcomeMeasured outcome) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, outcome.featureKey())
                        .setParameter(2, outcome.predictionNumber())
                        .setParameter(3, outcome.checkpointDays())
                        .setParameter(4, outcome.releaseId())
                        .setParameter(5, outcome.predictionVersion())
                        .setParameter(6, outcome.metric())
                        .setParameter(7, outcome.verdict())
                        .setParameter(8, outcome.relEffectPct())
                        .setParameter(9, outcome.relEffectLowerPct())
                        .setParameter(10, outcome.relEffectUpperPct())
                        .setParameter(11, outcome.p())
                        .setParameter(12, outcome.method())
                        .setParameter(13, outcome.version())
                        .setParameter(14, outcome.measuredAt())
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<List<ScorecardEntry>> ofFeature(String featureKey) {
        return list(
                "featureKey",
                Sort.by("predictionNumber").and("checkpointDays").and("measuredAt", Sort.Direction.Descending),
                featureKey);
    }
}
