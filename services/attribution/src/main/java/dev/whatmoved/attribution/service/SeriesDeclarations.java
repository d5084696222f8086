package dev.whatmoved.attribution.service;

import dev.whatmoved.events.EventType;
import dev.whatmoved.events.MetricInterest;
import dev.whatmoved.events.MetricInterest.Series;
import dev.whatmoved.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Declares to the metrics service which rollup series attribution reads ({@code metric.interest.v1}, through the
 * outbox), so that metrics announces those and no others:
 *
 * <ul>
 *   <li>of every metric ({@code *}), the daily totals: a prediction review ({@link ReviewService}) reads any metric's
 *       days, before any prediction names it;
 *   <li>of each metric a current prediction names, the daily totals and, when the 1-day checkpoint is measured on
 *       hourly data ({@code whatmoved.outcomes.hourly.enabled} and a checkpoint of 1 day), the hourly totals;
 *   <li>of a metric no prediction names any more, nothing beyond the daily totals of every metric.
 * </ul>
 *
 * Dimension slices are read nowhere (predictions name no dimensions), so none is declared. A metric's declaration is
 * made in the transaction that changes its predictions, and every declaration again at start and once a day (a
 * declaration that changes nothing costs metrics one row update, no announcement).
 */
@ApplicationScoped
public class SeriesDeclarations {

    /** Who declares: attribution's declarations are its own at metrics. */
    public static final String CONSUMER = "attribution";

    private static final String PREDICTED_METRICS = "select distinct metric from prediction order by metric";
    private static final String PREDICTIONS_OF = "select count(*) from prediction where metric = ?1";

    private final Outbox outbox;
    private final OutcomesConfig config;
    private final Clock clock;
    private volatile boolean stopping;

    public SeriesDeclarations(Outbox outbox, OutcomesConfig config, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /** The series of a metric that a current prediction names. */
    public List<Series> ofPredicted() {
        List<Series> series = new ArrayList<>(List.of(Series.total("day")));
        if (config.hourly().enabled() && config.checkpoints().contains(1)) {
            series.add(Series.total("hour"));
        }
        return List.copyOf(series);
    }

    /** Declares what is read of each of {@code metrics} now, in the caller's transaction (after its changes). */
    public Uni<Void> declare(Collection<String> metrics) {
        return Multi.createFrom()
                .iterable(metrics)
                .onItem()
                .transformToUniAndConcatenate(metric -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(PREDICTIONS_OF, Long.class)
                                .setParameter(1, metric)
                                .getSingleResult())
                        .flatMap(predictions -> declare(metric, predictions > 0 ? ofPredicted() : List.of())))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Every declaration: the one of every metric, and each predicted metric's. */
    public Uni<Void> declareAll() {
        return Panache.withTransaction(() -> declare(MetricInterest.EVERY_METRIC, List.of(Series.total("day")))
                .chain(() -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(PREDICTED_METRICS, String.class)
                                .getResultList()))
                .flatMap(this::declare));
    }

    @Scheduled(
            identity = "series-declarations",
            every = "${whatmoved.outcomes.declare-every:24h}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void redeclare() {
        if (stopping) {
            return;
        }
        try {
            VertxContextSupport.subscribeAndAwait(this::declareAll);
        } catch (Throwable failure) {
            if (!stopping) {
                Log.warnf("declaring the rollup series read failed; the next run retries: %s", failure.getMessage());
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    private Uni<Void> declare(String metric, List<Series> series) {
        MetricInterest interest = new MetricInterest(CONSUMER, metric, clock.instant(), series);
        return outbox.append(EventType.METRIC_INTEREST, metric, metric, interest)
                .replaceWithVoid();
    }
}
