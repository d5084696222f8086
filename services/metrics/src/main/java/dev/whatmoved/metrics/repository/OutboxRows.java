package dev.whatmoved.metrics.repository;

import dev.whatmoved.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Appends many events to the kit's outbox table ({@code outbox_event}) with one statement, in the caller's transaction;
 * the kit's relay publishes them. The kit's {@code Outbox.append} writes one row through Hibernate Reactive, which
 * cannot join a transaction of the reactive client.
 */
@ApplicationScoped
public class OutboxRows {

    private static final String INSERT =
            """
            insert into outbox_event (event_id, topic, message_key, type, source, subject, data_schema, occurred_at,
                                      payload)
            select gen_random_uuid(), $1, t.message_key, $2, $3, t.subject, $4, now(), t.payload
              from unnest($5::text[], $6::text[], $7::text[]) with ordinality as t(message_key, subject, payload, n)
             order by t.n
            """;

    /** One event: its record key, CloudEvents subject and JSON data. */
    public record Row(String key, String subject, String payload) {}

    public Uni<Void> append(SqlConnection conn, EventType type, String source, List<Row> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery(INSERT)
                .execute(Tuple.tuple()
                        .addValue(type.topic())
                        .addValue(type.type())
                        .addValue(source)
                        .addValue(type.dataSchema().toString())
                        .addValue(rows.stream().map(Row::key).toArray(String[]::new))
                        .addValue(rows.stream().map(Row::subject).toArray(String[]::new))
                        .addValue(rows.stream().map(Row::payload).toArray(String[]::new)))
                .replaceWithVoid();
    }
}
