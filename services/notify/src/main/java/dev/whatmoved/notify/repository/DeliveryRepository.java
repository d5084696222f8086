package dev.whatmoved.notify.repository;

import dev.whatmoved.notify.domain.ChannelType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of deliveries: one row per (event, rule), written with the event's effect, claimed by the worker with a
 * lease (so several instances never send one row at the same time), and marked delivered, retried or failed.
 */
@ApplicationScoped
public class DeliveryRepository {

    /** A delivery the worker claimed, with what it needs to send it. */
    public record Claimed(
            UUID id,
            String eventId,
            String kind,
            String notification,
            int attempts,
            UUID ruleId,
            ChannelType channel,
            String target,
            String secret) {}

    /** A delivery as the API shows it. */
    public record DeliveryRow(
            UUID id,
            UUID ruleId,
            String eventId,
            String kind,
            String status,
            int attempts,
            Instant createdAt,
            Instant nextAttemptAt,
            Instant deliveredAt,
            String lastError) {}

    private static final String CLAIM = "with due as (select id from delivery where status = 'pending'"
            + " and next_attempt_at <= now() and (lease_until is null or lease_until < now())"
            + " order by next_attempt_at limit $1 for update skip locked)"
            + " update delivery d set lease_until = now() + make_interval(secs => $2) from due, rule r"
            + " where d.id = due.id and r.id = d.rule_id"
            + " returning d.id, d.event_id, d.kind, d.notification, d.attempts, r.id as rule_id, r.channel, r.target,"
            + " r.secret";

    private final Pool pool;

    public DeliveryRepository(Pool pool) {
        this.pool = pool;
    }

    /** Adds a delivery unless this event already has one for this rule. */
    public Uni<Void> enqueue(
            SqlConnection conn, String eventId, UUID ruleId, String team, String kind, JsonObject notification) {
        return conn.preparedQuery("insert into delivery (id, event_id, rule_id, team, kind, notification)"
                        + " values ($1, $2, $3, $4, $5, $6) on conflict (event_id, rule_id) do nothing")
                .execute(Tuple.of(UUID.randomUUID(), eventId, ruleId, team, kind, notification))
                .replaceWithVoid();
    }

    /** Claims up to {@code limit} due deliveries for {@code lease}; another claim skips them meanwhile. */
    public Uni<List<Claimed>> claim(int limit, Duration lease) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, (double) lease.toMillis() / 1000))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        String secret = row.getString("secret");
                        claimed.add(new Claimed(
                                row.getUUID("id"),
                                row.getString("event_id"),
                                row.getString("kind"),
                                row.getJsonObject("notification").encode(),
                                row.getInteger("attempts"),
                                row.getUUID("rule_id"),
                                ChannelType.fromWire(row.getString("channel")).orElseThrow(),
                                row.getString("target"),
                                secret == null || secret.isEmpty() ? null : secret));
                    }
                    return claimed;
                });
    }

    public Uni<Void> delivered(UUID id) {
        return pool.preparedQuery("update delivery set status = 'delivered', attempts = attempts + 1,"
                        + " delivered_at = now(), lease_until = null, last_error = null where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    /** A failed attempt: retried after {@code backoff}, or given up ({@code giveUp}). */
    public Uni<Void> attemptFailed(UUID id, String error, Duration backoff, boolean giveUp) {
        return pool.preparedQuery("update delivery set attempts = attempts + 1, last_error = $2, lease_until = null,"
                        + " status = case when $4 then 'failed' else 'pending' end,"
                        + " next_attempt_at = now() + make_interval(secs => $3) where id = $1")
                .execute(Tuple.of(id, error, (double) backoff.toMillis() / 1000, giveUp))
                .replaceWithVoid();
    }

    /** The team's deliveries, newest first; {@code status} null for all. */
    public Uni<List<DeliveryRow>> ofTeam(String team, String status, int limit) {
        return pool.preparedQuery("select id, rule_id, event_id, kind, status, attempts, created_at, next_attempt_at,"
                        + " delivered_at, last_error from delivery where team = $1 and ($2::text is null or status = $2)"
                        + " order by created_at desc, id limit $3")
                .execute(Tuple.of(team, status, limit))
                .map(rows -> {
                    List<DeliveryRow> list = new ArrayList<>();
                    for (Row row : rows) {
                        list.add(new DeliveryRow(
                                row.getUUID("id"),
                                row.getUUID("rule_id"),
                                row.getString("event_id"),
                                row.getString("kind"),
                                row.getString("status"),
                                row.getInteger("attempts"),
                                instant(row.getOffsetDateTime("created_at")),
                                "pending".equals(row.getString("status"))
                                        ? instant(row.getOffsetDateTime("next_attempt_at"))
                                        : null,
                                instant(row.getOffsetDateTime("delivered_at")),
                                row.getString("last_error")));
                    }
                    return list;
                });
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
