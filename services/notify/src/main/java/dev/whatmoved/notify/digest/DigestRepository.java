package dev.whatmoved.notify.digest;

import dev.whatmoved.notify.domain.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a digest reads: a team's happenings in a period, and its shipped predictions' checkpoints not yet measured. */
@ApplicationScoped
public class DigestRepository {

    /** attribution's checkpoints (whatmoved.outcomes.checkpoints), each capped by the prediction's horizon. */
    static final Integer[] CHECKPOINTS = {1, 7, 14, 30, 60, 90};

    private static final String PENDING = "select distinct r.release_id, r.feature_key, r.service, r.environment,"
            + " r.deployed_at, p.number, p.metric, p.horizon_days, least(c.days, p.horizon_days) as days"
            + " from release_link r join feature f on f.key = r.feature_key"
            + " join prediction p on p.feature_key = r.feature_key"
            + " cross join unnest($2::int[]) as c(days)"
            + " where f.team = $1 and not exists (select 1 from outcome_seen o where o.release_id = r.release_id"
            + " and o.feature_key = r.feature_key and o.prediction_number = p.number"
            + " and o.checkpoint_days = least(c.days, p.horizon_days))"
            + " order by r.deployed_at, r.feature_key, p.number, days";

    private final Pool pool;

    public DigestRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<Digest.Item>> happenings(String team, Instant from, Instant to) {
        return pool.preparedQuery("select kind, occurred_at, title, link, tracker_key, tracker_url from happening"
                        + " where team = $1"
                        + " and occurred_at >= $2 and occurred_at < $3 order by occurred_at, id")
                .execute(Tuple.of(team, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    List<Digest.Item> items = new ArrayList<>();
                    for (Row row : rows) {
                        items.add(new Digest.Item(
                                row.getString("kind"),
                                row.getOffsetDateTime("occurred_at").toInstant(),
                                row.getString("title"),
                                row.getString("link"),
                                row.getString("tracker_key") == null
                                        ? null
                                        : new Message.Tracker(
                                                row.getString("tracker_key"), row.getString("tracker_url"))));
                    }
                    return items;
                });
    }

    /** For each shipped prediction of the team not measured to its horizon: its next checkpoint. */
    public Uni<List<Digest.Pending>> pending(String team) {
        return pool.preparedQuery(PENDING).execute(Tuple.of(team, CHECKPOINTS)).map(rows -> {
            Map<String, Digest.Pending> next = new LinkedHashMap<>();
            for (Row row : rows) {
                UUID release = row.getUUID("release_id");
                String feature = row.getString("feature_key");
                int number = row.getInteger("number");
                Instant deployed = row.getOffsetDateTime("deployed_at").toInstant();
                int days = row.getInteger("days");
                int horizon = row.getInteger("horizon_days");
                next.putIfAbsent(
                        release + "/" + feature + "#" + number,
                        new Digest.Pending(
                                feature,
                                number,
                                row.getString("metric"),
                                row.getString("service"),
                                row.getString("environment"),
                                deployed,
                                days,
                                deployed.plusSeconds(days * 86_400L),
                                horizon,
                                deployed.plusSeconds(horizon * 86_400L)));
            }
            return List.copyOf(next.values());
        });
    }
}
