package dev.whatmoved.notify.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** CloudEvents ids already applied: the consumers' idempotence. */
@ApplicationScoped
public class ProcessedEvents {

    /** Records the event; true when it is new, false when it was applied before (its effect must be skipped). */
    public Uni<Boolean> markNew(SqlConnection conn, String eventId, String type) {
        return conn.preparedQuery("insert into processed_event (event_id, type) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(eventId, type))
                .map(rows -> rows.rowCount() == 1);
    }
}
