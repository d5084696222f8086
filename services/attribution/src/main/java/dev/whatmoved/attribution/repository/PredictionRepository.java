package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Prediction;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class PredictionRepository implements PanacheRepositoryBase<Prediction, Prediction.Key> {

    /** A higher version replaces the stored one; a redelivered or older version changes nothing. */
    private static final String APPLY =
            """
            insert into prediction (feature_key, number, version, metric, direction, expected_change_pct, low_pct,
                                    high_pct, confidence, horizon_days, guardrail, tolerance_pct, amended_after_ship,
                                    recorded_at)
            values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
            on conflict (feature_key, number) do update
               set version = excluded.version, metric = excluded.metric, direction = excluded.direction,
                   expected_change_pct = excluded.expected_change_pct, low_pct = excluded.low_pct,
                   high_pct = excluded.high_pct, confidence = excluded.confidence,
                   horizon_days = excluded.horizon_days, guardrail = excluded.guardrail,
                   tolerance_pct = excluded.tolerance_pct, amended_after_ship = excluded.amended_after_ship,
                   recorded_at = excluded.recorded_at
             where prediction.version < excluded.version
            """;

    /** @return whether the version was newer than the stored one */
    public Uni<Boolean> apply(
            String featureKey, dev.whatmoved.events.Prediction p, Instant recordedAt, boolean amendedAfterShip) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(APPLY)
                        .setParameter(1, featureKey)
                        .setParameter(2, p.number())
                        .setParameter(3, p.version())
                        .setParameter(4, p.metric())
                        .setParameter(5, p.direction())
                        .setParameter(6, p.expectedChangePct())
                        .setParameter(7, p.lowPct())
                        .setParameter(8, p.highPct())
                        .setParameter(9, p.confidence())
                        .setParameter(10, p.horizonDays())
                        .setParameter(11, p.guardrail())
                        .setParameter(12, p.tolerancePct())
                        .setParameter(13, amendedAfterShip)
                        .setParameter(14, recordedAt)
                        .executeUpdate())
                .map(updated -> updated > 0);
    }

    public Uni<List<Prediction>> ofFeatures(Collection<String> featureKeys) {
        return featureKeys.isEmpty()
                ? Uni.createFrom().item(List.of())
                : list("featureKey in ?1 order by featureKey, number", featureKeys);
    }
}
