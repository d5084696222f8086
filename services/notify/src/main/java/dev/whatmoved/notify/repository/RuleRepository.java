package dev.whatmoved.notify.repository;

import dev.whatmoved.notify.domain.ChannelType;
import dev.whatmoved.notify.domain.NotificationKind;
import dev.whatmoved.notify.domain.Rule;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Teams' rules, and the state of each rule's receiver (failures in a row, last error, last delivery). */
@ApplicationScoped
public class RuleRepository {

    private static final String COLUMNS = "id, team, name, kinds, channel, target, secret, services, created_at,"
            + " consecutive_failures, last_error, last_failure_at, last_delivered_at";

    private final Pool pool;

    public RuleRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Rule> insert(Rule rule) {
        return pool.preparedQuery("insert into rule (id, team, name, kinds, channel, target, secret, services)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8) returning " + COLUMNS)
                .execute(Tuple.tuple(List.of(
                        rule.id(),
                        rule.team(),
                        rule.name(),
                        rule.kinds().stream().map(NotificationKind::wire).toArray(String[]::new),
                        rule.channel().wire(),
                        rule.target(),
                        rule.secret() == null ? "" : rule.secret(),
                        rule.services().toArray(String[]::new))))
                .map(rows -> read(rows.iterator().next()));
    }

    public Uni<List<Rule>> ofTeam(String team) {
        return pool.preparedQuery("select " + COLUMNS + " from rule where team = $1 order by created_at, id")
                .execute(Tuple.of(team))
                .map(RuleRepository::all);
    }

    public Uni<Optional<Rule>> find(String team, UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from rule where team = $1 and id = $2")
                .execute(Tuple.of(team, id))
                .map(rows -> all(rows).stream().findFirst());
    }

    public Uni<Boolean> delete(String team, UUID id) {
        return pool.preparedQuery("delete from rule where team = $1 and id = $2")
                .execute(Tuple.of(team, id))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Rules that route {@code kind} and concern one of {@code teams} or name {@code service}. */
    public Uni<List<Rule>> matching(SqlConnection conn, String kind, String[] teams, String service) {
        return conn.preparedQuery("select " + COLUMNS + " from rule where $1 = any(kinds)"
                        + " and (team = any($2) or ($3::text is not null and $3 = any(services)))")
                .execute(Tuple.of(kind, teams, service))
                .map(RuleRepository::all);
    }

    /** Every rule that routes {@code kind}, of any team. */
    public Uni<List<Rule>> routing(String kind) {
        return pool.preparedQuery("select " + COLUMNS + " from rule where $1 = any(kinds) order by team, id")
                .execute(Tuple.of(kind))
                .map(RuleRepository::all);
    }

    /** Rules whose receiver failed {@code failingAfter} times or more in a row. */
    public Uni<List<Rule>> failing(int failingAfter) {
        return pool.preparedQuery("select " + COLUMNS + " from rule where consecutive_failures >= $1 order by team, id")
                .execute(Tuple.of(failingAfter))
                .map(RuleRepository::all);
    }

    public Uni<Void> delivered(UUID id) {
        return pool.preparedQuery("update rule set consecutive_failures = 0, last_delivered_at = now() where id = $1")
                .execute(Tuple.of(id))
                .replaceWithVoid();
    }

    public Uni<Void> failed(UUID id, String error) {
        return pool.preparedQuery("update rule set consecutive_failures = consecutive_failures + 1, last_error = $2,"
                        + " last_failure_at = now() where id = $1")
                .execute(Tuple.of(id, error))
                .replaceWithVoid();
    }

    private static List<Rule> all(Iterable<Row> rows) {
        List<Rule> rules = new ArrayList<>();
        rows.forEach(row -> rules.add(read(row)));
        return rules;
    }

    static Rule read(Row row) {
        String secret = row.getString("secret");
        return new Rule(
                row.getUUID("id"),
                row.getString("team"),
                row.getString("name"),
                Arrays.stream(row.getArrayOfStrings("kinds"))
                        .map(k -> NotificationKind.fromWire(k).orElseThrow())
                        .toList(),
                ChannelType.fromWire(row.getString("channel")).orElseThrow(),
                row.getString("target"),
                secret == null || secret.isEmpty() ? null : secret,
                List.of(row.getArrayOfStrings("services")),
                instant(row.getOffsetDateTime("created_at")),
                row.getInteger("consecutive_failures"),
                row.getString("last_error"),
                instant(row.getOffsetDateTime("last_failure_at")),
                instant(row.getOffsetDateTime("last_delivered_at")));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
