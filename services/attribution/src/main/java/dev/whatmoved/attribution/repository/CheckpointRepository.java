package dev.whatmoved.attribution.repository;

import dev.whatmoved.attribution.domain.Checkpoint;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CheckpointRepository implements PanacheRepositoryBase<Checkpoint, UUID> {

    /** Locks one due, stale checkpoint; another instance's job skips it rather than waiting. */
    private static final String CLAIM =
            """
            select * from checkpoint
             where id = ?1 and stale and due_at <= ?2 and (retry_at is null or retry_at <= ?2)
               for update skip locked
            """;

    /** Computed checkpoints of the metric whose window holds the day: their inputs may have changed. */
    private static final String TOUCH =
            """
            update checkpoint set stale = true, failures = 0, retry_at = null
             where metric = ?1 and ?2 between window_from and window_to and (version > 0 or failures > 0) and not stale
            """;

    /**
     * A failed computation: retried after a delay doubling from a minute (at most six hours), and given up (no longer
     * stale) after {@code ?3} failures, until new data for its window arrives.
     */
    private static final String FAILED =
            """
            update checkpoint
               set failures = failures + 1, last_error = ?2,
                   retry_at = cast(?4 as timestamptz) + least(interval '1 minute' * power(2, failures), interval '6 hours'),
                   stale = failures + 1 < ?3
             where id = ?1
            """;

    /** Waits for a transaction-scoped lock on a feature key (the two-key space, apart from the outbox relay's lock). */
    private static final String LOCK_FEATURE =
            "select count(*) from (select pg_advisory_xact_lock(20251124, hashtext(?1))) as locked";

    /**
     * Serialises the planning of releases and features that share a feature: each event writes its own fact first,
     * then takes these locks, then reads the others' facts, so whichever commits second sees the first. Sorted, so two
     * releases cannot wait on each other.
     */
    public Uni<Void> lockFeatures(java.util.Collection<String> featureKeys) {
        Uni<Void> locked = Uni.createFrom().voidItem();
        for (String key : new java.util.TreeSet<>(featureKeys)) {
            locked = locked.chain(() -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(LOCK_FEATURE)
                            .setParameter(1, key)
                            .getSingleResult())
                    .replaceWithVoid());
        }
        return locked;
    }

    public Uni<List<Checkpoint>> ofRelease(UUID releaseId) {
        return list("releaseId = ?1 order by featureKey, predictionNumber, checkpointDays", releaseId);
    }

    public Uni<List<Checkpoint>> ofFeature(String featureKey) {
        return list("featureKey = ?1 order by releaseId, predictionNumber, checkpointDays", featureKey);
    }

    public Uni<List<Checkpoint>> ofFeatures(java.util.Collection<String> featureKeys) {
        return featureKeys.isEmpty() ? Uni.createFrom().item(List.of()) : list("featureKey in ?1", featureKeys);
    }

    /**
     * Ids of the checkpoints to (re)compute now, the longest due first. A checkpoint whose metric has a watermark
     * ({@link dev.whatmoved.attribution.domain.MetricWatermark}) waits until the watermark has reached its due time:
     * until then, data ingested before it was due may still be on its way.
     */
    public Uni<List<UUID>> due(Instant now, int limit) {
        return find(
                        """
                        from Checkpoint c
                         where c.stale = true and c.dueAt <= ?1 and (c.retryAt is null or c.retryAt <= ?1)
                           and not exists (from MetricWatermark w
                                            where w.metric = c.metric and w.announcedThrough < c.dueAt)
                         order by c.dueAt, c.id""",
                        now)
                .range(0, limit - 1)
                .list()
                .map(rows -> rows.stream().map(row -> row.id).toList());
    }

    /** The checkpoint, locked for this transaction, if it is still due and stale and nobody else holds it. */
    public Uni<Checkpoint> claim(UUID id, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(CLAIM, Checkpoint.class)
                .setParameter(1, id)
                .setParameter(2, now)
                .getSingleResultOrNull());
    }

    /** Records a failed computation (in a transaction of its own: the computation's was rolled back). */
    public Uni<Integer> failed(UUID id, String error, int maxAttempts, Instant now) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FAILED)
                .setParameter(1, id)
                .setParameter(2, error)
                .setParameter(3, maxAttempts)
                .setParameter(4, now)
                .executeUpdate());
    }

    /** Marks computed checkpoints of {@code metric} whose window holds {@code day} for recomputation. */
    public Uni<Integer> touch(String metric, LocalDate day) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(TOUCH)
                .setParameter(1, metric)
                .setParameter(2, day)
                .executeUpdate());
    }
}
