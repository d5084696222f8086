package dev.whatmoved.metrics.repository;

import dev.whatmoved.metrics.domain.DailyBucket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** Daily rollups, changed by atomic upserts so concurrent batches into one bucket add up exactly. */
@ApplicationScoped
public class DailyRollupRepository {

    private static final String ADD =
            """
            insert into daily_rollup (metric, day, sum, count, revision, updated_at)
            values (?1, ?2, ?3, ?4, 1, now())
            on conflict (metric, day) do update
               set sum = daily_rollup.sum + excluded.sum,
                   count = daily_rollup.count + excluded.count,
                   revision = daily_rollup.revision + 1,
                   updated_at = now()
            returning sum, count, revision
            """;

    /** Adds {@code sum} and {@code count} to the bucket (creating it) and returns its new state. */
    public Uni<DailyBucket> add(String metric, LocalDate day, double sum, long count) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(ADD, Object[].class)
                        .setParameter(1, metric)
                        .setParameter(2, day)
                        .setParameter(3, sum)
                        .setParameter(4, count)
                        .getSingleResult())
                .map(row -> new DailyBucket(
                        metric,
                        day,
                        ((Number) row[0]).doubleValue(),
                        ((Number) row[1]).longValue(),
                        ((Number) row[2]).longValue()));
    }
}
