package dev.whatmoved.metrics.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the Kafka ingestion stands per partition: the offset of the next record to apply, written in the same
 * transaction as the rollups of the records before it. This table, not Kafka's committed offsets, is the truth.
 */
@ApplicationScoped
public class OffsetRepository {

    /** A partition's stored position and owner. */
    public record Position(Long nextOffset, UUID owner) {}

    private static final String CLAIM =
            """
            insert into consumer_offset (group_id, topic, partition, next_offset, owner)
            select $1, $2, p, null, $3 from unnest($4::int[]) as p
            on conflict (group_id, topic, partition) do update set owner = excluded.owner
            returning partition, next_offset
            """;

    private static final String LOCK =
            """
            select partition, next_offset, owner from consumer_offset
             where group_id = $1 and topic = $2 and partition = any($3)
             order by partition
               for update
            """;

    private static final String ADVANCE =
            """
            update consumer_offset c set next_offset = greatest(c.next_offset, t.next_offset)
              from unnest($3::int[], $4::int8[]) as t(partition, next_offset)
             where c.group_id = $1 and c.topic = $2 and c.partition = t.partition
            """;

    private static final String STORED =
            "select partition, next_offset from consumer_offset where group_id = $1 and topic = $2";

    private final Pool pool;

    public OffsetRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Makes {@code owner} the owner of {@code partitions} (fencing whoever had them) and returns each one's next offset
     * (null: nothing applied yet, start at the beginning).
     */
    public Uni<Map<Integer, Long>> claim(String group, String topic, List<Integer> partitions, UUID owner) {
        return pool.preparedQuery(CLAIM)
                .execute(Tuple.tuple()
                        .addValue(group)
                        .addValue(topic)
                        .addValue(owner)
                        .addValue(partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Long> next = new HashMap<>();
                    rows.forEach(row -> next.put(row.getInteger("partition"), row.getLong("next_offset")));
                    return next;
                });
    }

    /** Locks the partitions' rows until the transaction ends and returns their positions. */
    public Uni<Map<Integer, Position>> lock(SqlConnection conn, String group, String topic, List<Integer> partitions) {
        return conn.preparedQuery(LOCK)
                .execute(Tuple.of(group, topic, partitions.toArray(Integer[]::new)))
                .map(rows -> {
                    Map<Integer, Position> positions = new HashMap<>();
                    rows.forEach(row -> positions.put(
                            row.getInteger("partition"),
                            new Position(row.getLong("next_offset"), row.getUUID("owner"))));
                    return positions;
                });
    }

    /** The stored next offset of each partition of the group that has a row (null: nothing applied yet). */
    public Uni<Map<Integer, Long>> stored(String group, String topic) {
        return pool.preparedQuery(STORED).execute(Tuple.of(group, topic)).map(rows -> {
            Map<Integer, Long> next = new HashMap<>();
            rows.forEach(row -> next.put(row.getInteger("partition"), row.getLong("next_offset")));
            return next;
        });
    }

    public Uni<Void> advance(SqlConnection conn, String group, String topic, Map<Integer, Long> nextOffsets) {
        Integer[] partitions = nextOffsets.keySet().toArray(Integer[]::new);
        Long[] offsets = new Long[partitions.length];
        for (int i = 0; i < partitions.length; i++) {
            offsets[i] = nextOffsets.get(partitions[i]);
        }
        return conn.preparedQuery(ADVANCE)
                .execute(Tuple.of(group, topic, partitions, offsets))
                .replaceWithVoid();
    }
}
