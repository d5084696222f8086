package dev.whatmoved.notify.repository;

import dev.whatmoved.events.Prediction;
import dev.whatmoved.notify.domain.Message;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What notify learns from events to address its notifications: features, their teams and predictions. */
@ApplicationScoped
public class FactRepository {

    /** A feature as notify knows it. */
    public record KnownFeature(String key, String team, String title, boolean committed, Message.Tracker tracker) {}

    /** A commit: the feature's team, owner, title, ticket (or null) and predictions, as the event says now. */
    public Uni<Void> featureCommitted(
            SqlConnection conn,
            String key,
            String team,
            String owner,
            String title,
            Message.Tracker tracker,
            List<Prediction> predictions) {
        Uni<Void> feature = conn.preparedQuery(
                        "insert into feature (key, team, owner, title, committed, tracker_key, tracker_url)"
                                + " values ($1, $2, $3, $4, true, $5, $6) on conflict (key) do update"
                                + " set team = excluded.team, owner = excluded.owner, title = excluded.title,"
                                + " committed = true, tracker_key = excluded.tracker_key,"
                                + " tracker_url = excluded.tracker_url")
                .execute(Tuple.of(key, team, owner, title)
                        .addString(tracker == null ? null : tracker.key())
                        .addString(tracker == null ? null : tracker.url()))
                .replaceWithVoid();
        return feature.chain(() -> Multi.createFrom()
                .iterable(predictions)
                .onItem()
                .transformToUniAndConcatenate(p -> prediction(conn, key, p))
                .collect()
                .last()
                .replaceWithVoid());
    }

    /** An amendment: the prediction's new horizon; the feature is known committed from now on. */
    public Uni<Void> featureAmended(SqlConnection conn, String key, String team, String owner, Prediction prediction) {
        return conn.preparedQuery("insert into feature (key, team, owner, committed) values ($1, $2, $3, true)"
                        + " on conflict (key) do update set team = coalesce(excluded.team, feature.team),"
                        + " owner = coalesce(excluded.owner, feature.owner), committed = true")
                .execute(Tuple.of(key, team, owner))
                .chain(() -> prediction(conn, key, prediction));
    }

    private Uni<Void> prediction(SqlConnection conn, String key, Prediction p) {
        return conn.preparedQuery("insert into prediction (feature_key, number, metric, horizon_days)"
                        + " values ($1, $2, $3, $4) on conflict (feature_key, number) do update"
                        + " set metric = excluded.metric, horizon_days = excluded.horizon_days")
                .execute(Tuple.of(key, p.number(), p.metric(), p.horizonDays()))
                .replaceWithVoid();
    }

    public Uni<Optional<KnownFeature>> feature(SqlConnection conn, String key) {
        return conn.preparedQuery(
                        "select key, team, title, committed, tracker_key, tracker_url from feature where key = $1")
                .execute(Tuple.of(key))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return Optional.empty();
                    }
                    Row row = it.next();
                    return Optional.of(new KnownFeature(
                            row.getString("key"),
                            row.getString("team"),
                            row.getString("title"),
                            row.getBoolean("committed"),
                            row.getString("tracker_key") == null
                                    ? null
                                    : new Message.Tracker(row.getString("tracker_key"), row.getString("tracker_url"))));
                });
    }

    /** The prediction's horizon in days, when notify has seen the prediction. */
    public Uni<Optional<Integer>> horizonDays(SqlConnection conn, String featureKey, int number) {
        return conn.preparedQuery("select horizon_days from prediction where feature_key = $1 and number = $2")
                .execute(Tuple.of(featureKey, number))
                .map(rows -> rows.size() == 0
                        ? Optional.<Integer>empty()
                        : Optional.of(rows.iterator().next().getInteger(0)));
    }

    public Uni<Void> serviceBelongsTo(SqlConnection conn, String service, String team) {
        return conn.preparedQuery("insert into service_team (service, team) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(service, team))
                .replaceWithVoid();
    }

    public Uni<Set<String>> teamsOfService(SqlConnection conn, String service) {
        return conn.preparedQuery("select team from service_team where service = $1")
                .execute(Tuple.of(service))
                .map(rows -> {
                    Set<String> teams = new HashSet<>();
                    rows.forEach(row -> teams.add(row.getString(0)));
                    return teams;
                });
    }

    /**
     * Records the verdict of an outcome version; true when it is news: the outcome's first verdict, or a different one
     * than last notified. An older version arriving late changes nothing.
     */
    public Uni<Boolean> verdictIsNews(SqlConnection conn, UUID outcomeId, String verdict, int version) {
        return conn.preparedQuery("select verdict, version from verdict_seen where outcome_id = $1")
                .execute(Tuple.of(outcomeId))
                .chain(rows -> {
                    if (rows.size() > 0) {
                        Row seen = rows.iterator().next();
                        if (seen.getInteger("version") >= version) {
                            return Uni.createFrom().item(false);
                        }
                        boolean changed = !seen.getString("verdict").equals(verdict);
                        return conn.preparedQuery(
                                        "update verdict_seen set verdict = $2, version = $3 where outcome_id = $1")
                                .execute(Tuple.of(outcomeId, verdict, version))
                                .replaceWith(changed);
                    }
                    return conn.preparedQuery(
                                    "insert into verdict_seen (outcome_id, verdict, version) values ($1, $2, $3)")
                            .execute(Tuple.of(outcomeId, verdict, version))
                            .replaceWith(true);
                });
    }

    /** A release shipped a committed feature: its checkpoints are pending until measured. */
    public Uni<Void> releaseLinked(
            SqlConnection conn, UUID release, String featureKey, String service, String environment, Instant at) {
        return conn.preparedQuery(
                        "insert into release_link (release_id, feature_key, service, environment, deployed_at)"
                                + " values ($1, $2, $3, $4, $5) on conflict do nothing")
                .execute(Tuple.of(release, featureKey, service, environment)
                        .addOffsetDateTime(at.atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Void> outcomeSeen(SqlConnection conn, UUID release, String featureKey, int prediction, int checkpoint) {
        return conn.preparedQuery(
                        "insert into outcome_seen (release_id, feature_key, prediction_number, checkpoint_days)"
                                + " values ($1, $2, $3, $4) on conflict do nothing")
                .execute(Tuple.of(release, featureKey, prediction, checkpoint))
                .replaceWithVoid();
    }

    /** Something a team could be told, kept for its digest whether or not a rule routed it. */
    public Uni<Void> happened(
            SqlConnection conn, String team, String kind, String title, String link, Message.Tracker tracker) {
        return conn.preparedQuery("insert into happening (team, kind, title, link, tracker_key, tracker_url)"
                        + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(team, kind, title, link)
                        .addString(tracker == null ? null : tracker.key())
                        .addString(tracker == null ? null : tracker.url()))
                .replaceWithVoid();
    }
}
