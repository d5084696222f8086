package dev.whatmoved.attribution.repository;

import dev.whatmoved.events.MetricRollup;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Writes a rollup event's totals into one rollup table ({@code hourly_rollup}, {@code daily_rollup}), keeping the
 * bucket's highest revision: a replayed or late, older state changes nothing.
 */
final class RollupUpsert {

    private final String sql;

    /** @param bucket the table's bucket key column, beside {@code metric} */
    RollupUpsert(String table, String bucket) {
        this.sql =
                """
                insert into %1$s (metric, %2$s, sum, count, denominator, last, aggregation, revision)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                on conflict (metric, %2$s) do update
                   set sum = excluded.sum, count = excluded.count, denominator = excluded.denominator,
                       last = excluded.last, aggregation = excluded.aggregation, revision = excluded.revision
                 where %1$s.revision < excluded.revision
                """
                        .formatted(table, bucket);
    }

    /**
     * @param bucket the value of the bucket key column
     * @return whether the state was newer than the stored one
     */
    Uni<Boolean> apply(Object bucket, MetricRollup event) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(sql)
                        .setParameter(1, event.metric())
                        .setParameter(2, bucket)
                        .setParameter(3, event.sum())
                        .setParameter(4, event.count())
                        .setParameter(5, event.denominator())
                        .setParameter(6, event.last())
                        .setParameter(7, event.aggregation())
                        .setParameter(8, event.revision())
                        .executeUpdate())
                .map(updated -> updated > 0);
    }
}
