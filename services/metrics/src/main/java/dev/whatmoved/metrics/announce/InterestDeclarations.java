package dev.whatmoved.metrics.announce;

import dev.whatmoved.events.MetricInterest;
import dev.whatmoved.metrics.model.AnnouncementInterest.Series;
import dev.whatmoved.metrics.repository.InterestRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Records what a consumer of rollup events reads ({@code metric.interest.v1}) and, for each series that was not
 * announced until now, makes the buckets it already holds due: the next announcement round sends them, so a consumer
 * that starts reading a series gets its history, not only its changes from now on.
 *
 * <p>One transaction per declaration, under the announcer's lock ({@link RollupAnnouncer#LOCK_KEY}): a round either
 * ran before it (and passed over buckets the declaration now makes due again) or runs after it (and sees the new
 * declaration), never in between. An older declaration than the stored one (a redelivery, or one overtaken) changes
 * nothing.
 */
@ApplicationScoped
public class InterestDeclarations {

    private static final String LOCK = "select pg_advisory_xact_lock(hashtext('" + RollupAnnouncer.LOCK_KEY + "'))";

    /**
     * Held exclusively by a declaration and shared by the writers that pass over undeclared buckets themselves (a
     * history import): such a writer reads the declarations and marks what they leave out within one hold, so no
     * declaration can fall between its read and its commit (its buckets would stay marked while their series is read).
     */
    static final String INTEREST_LOCK_KEY = "whatmoved.metrics.interest";

    private static final String INTEREST_LOCK = "select pg_advisory_xact_lock(hashtext('" + INTEREST_LOCK_KEY + "'))";
    private static final String INTEREST_LOCK_SHARED =
            "select pg_advisory_xact_lock_shared(hashtext('" + INTEREST_LOCK_KEY + "'))";

    private final Pool pool;
    private final InterestRepository interests;

    public InterestDeclarations(Pool pool, InterestRepository interests) {
        this.pool = pool;
        this.interests = interests;
    }

    public Uni<Void> apply(MetricInterest interest) {
        return pool.withTransaction(conn -> conn.query(LOCK)
                .execute()
                .chain(() -> conn.query(INTEREST_LOCK).execute())
                .chain(() -> interests.load(conn))
                .chain(before -> interests
                        .find(conn, interest.consumer(), interest.metric())
                        .chain(stored -> {
                            if (stored != null && !stored.declaredAt().isBefore(interest.declaredAt())) {
                                return Uni.createFrom().voidItem();
                            }
                            List<Backfill> backfills = new ArrayList<>();
                            for (Series series : InterestRepository.series(interest.series())) {
                                before.passedOver(interest.metric(), series)
                                        .forEach(metric -> backfills.add(new Backfill(metric, series)));
                            }
                            return interests
                                    .save(conn, interest)
                                    .chain(() -> backfill(conn, interest.consumer(), backfills));
                        })));
    }

    /**
     * Holds the declarations still until {@code conn}'s transaction ends (shared: writers do not wait for each other),
     * for a writer that reads them and passes over what they leave out in that transaction.
     */
    public static Uni<Void> holdShared(SqlConnection conn) {
        return conn.query(INTEREST_LOCK_SHARED).execute().replaceWithVoid();
    }

    private record Backfill(String metric, Series series) {}

    private Uni<Void> backfill(SqlConnection conn, String consumer, List<Backfill> backfills) {
        return Multi.createFrom()
                .iterable(backfills)
                .onItem()
                .transformToUniAndConcatenate(b -> interests
                        .backfill(conn, b.metric(), b.series())
                        .invoke(due -> Log.infof(
                                "%s reads %s %s of %s: %d stored buckets to announce",
                                consumer,
                                b.series().granularity().id(),
                                b.series().keys().isEmpty()
                                        ? "totals"
                                        : "slices by " + b.series().keys(),
                                b.metric(),
                                due)))
                .collect()
                .last()
                .replaceWithVoid();
    }
}
