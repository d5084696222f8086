package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.model.RollupAccumulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records of one transaction (of one poll or several), read and checked, and where each partition's records begin
 * and end.
 */
final class PreparedBatch {
    final List<ParsedRecord> parsed = new ArrayList<>();
    final Map<Integer, Long> firstOffsets = new HashMap<>();
    final Map<Integer, Long> nextOffsets = new HashMap<>();
    /** The valid points of each partition's records, added up. */
    final Map<Integer, RollupAccumulator> rollups = new HashMap<>();
    /** The size of the records' values. */
    long bytes;
    /** Whether some records are applied alone ({@link ConsumerLoop#careful}). */
    boolean careful;

    /** Forgets the records of {@code partitions}. */
    void drop(Set<Integer> partitions) {
        parsed.removeIf(p -> {
            boolean dropped = partitions.contains(p.partition);
            if (dropped) {
                bytes -= p.size;
            }
            return dropped;
        });
        partitions.forEach(p -> {
            firstOffsets.remove(p);
            nextOffsets.remove(p);
            rollups.remove(p);
        });
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }
}
