package dev.whatmoved.notify.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.FeatureAmended;
import dev.whatmoved.events.FeatureCommitted;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.events.ReleaseDeployed;
import dev.whatmoved.notify.config.NotifyConfig;
import dev.whatmoved.notify.domain.Message;
import dev.whatmoved.notify.domain.Notification;
import dev.whatmoved.notify.domain.Rule;
import dev.whatmoved.notify.repository.DeliveryRepository;
import dev.whatmoved.notify.repository.FactRepository;
import dev.whatmoved.notify.repository.ProcessedEvents;
import dev.whatmoved.notify.repository.RuleRepository;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies each consumed event once (by its CloudEvents id): the facts notify keeps and the deliveries the teams' rules
 * ask for, in one transaction, so that an event is either fully applied with all its deliveries or not at all (then
 * Kafka delivers it again). Sending happens later, in the {@link DeliveryWorker}: nothing here waits for a receiver.
 */
@ApplicationScoped
public class ConsumedEvents {

    private final Pool pool;
    private final ProcessedEvents processed;
    private final FactRepository facts;
    private final RuleRepository rules;
    private final DeliveryRepository deliveries;
    private final NotificationPlanner planner;
    private final ObjectMapper json;

    public ConsumedEvents(
            Pool pool,
            ProcessedEvents processed,
            FactRepository facts,
            RuleRepository rules,
            DeliveryRepository deliveries,
            NotifyConfig config,
            ObjectMapper json) {
        this.pool = pool;
        this.processed = processed;
        this.facts = facts;
        this.rules = rules;
        this.deliveries = deliveries;
        this.planner = new NotificationPlanner(facts, new MessageTexts(config.consoleUrl()));
        this.json = json;
    }

    public Uni<Void> featureCommitted(IncomingEvent event, FeatureCommitted data) {
        Message.Tracker tracker = data.tracker() == null
                ? null
                : new Message.Tracker(data.tracker().key(), data.tracker().url());
        return once(event, conn -> facts.featureCommitted(
                        conn, data.key(), data.team(), data.owner(), data.title(), tracker, data.predictions())
                .replaceWith(List.of()));
    }

    public Uni<Void> featureAmended(IncomingEvent event, FeatureAmended data) {
        return once(event, conn -> facts.featureAmended(conn, data.key(), data.team(), data.owner(), data.prediction())
                .chain(() -> planner.amended(conn, data)));
    }

    public Uni<Void> releaseDeployed(IncomingEvent event, ReleaseDeployed data) {
        return once(event, conn -> planner.release(conn, data));
    }

    public Uni<Void> outcomeMeasured(IncomingEvent event, OutcomeMeasured data) {
        return once(event, conn -> planner.measured(conn, data));
    }

    public Uni<Void> guardrailBreached(IncomingEvent event, OutcomeGuardrailBreached data) {
        return once(event, conn -> planner.breached(conn, data));
    }

    private Uni<Void> once(IncomingEvent event, Function<SqlConnection, Uni<List<PlannedNotification>>> effect) {
        return pool.withTransaction(
                conn -> processed.markNew(conn, event.id(), event.type()).chain(isNew -> {
                    if (!isNew) {
                        Log.debugf("event %s already applied", event.id());
                        return Uni.createFrom().voidItem();
                    }
                    return effect.apply(conn).chain(planned -> enqueue(conn, event, planned));
                }));
    }

    private Uni<Void> enqueue(SqlConnection conn, IncomingEvent event, List<PlannedNotification> planned) {
        return Multi.createFrom()
                .iterable(planned)
                .onItem()
                .transformToUniAndConcatenate(p -> remember(conn, p)
                        .chain(() ->
                                rules.matching(conn, p.kind().wire(), p.teams().toArray(String[]::new), p.service()))
                        .chain(matching -> enqueueFor(conn, event, p, matching)))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** Keeps what happened for each team's digest, routed by a rule or not. */
    private Uni<Void> remember(SqlConnection conn, PlannedNotification p) {
        return Multi.createFrom()
                .iterable(p.teams())
                .onItem()
                .transformToUniAndConcatenate(team -> facts.happened(
                        conn,
                        team,
                        p.kind().wire(),
                        p.message().title(),
                        p.message().link(),
                        p.message().tracker()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private Uni<Void> enqueueFor(SqlConnection conn, IncomingEvent event, PlannedNotification p, List<Rule> matching) {
        if (matching.isEmpty()) {
            Log.debugf("%s of %s: no rule of %s routes it", p.kind().wire(), event.id(), p.teams());
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(matching)
                .onItem()
                .transformToUniAndConcatenate(rule -> deliveries.enqueue(
                        conn, event.id(), rule.id(), rule.team(), p.kind().wire(), notification(event, p, rule)))
                .collect()
                .last()
                .replaceWithVoid();
    }

    private JsonObject notification(IncomingEvent event, PlannedNotification p, Rule rule) {
        Notification notification = new Notification(p.kind().wire(), rule.team(), p.message(), event.cloudEvent());
        return new JsonObject(json.convertValue(notification, Map.class));
    }
}
