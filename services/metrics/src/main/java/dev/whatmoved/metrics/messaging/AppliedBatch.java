package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.model.RollupAccumulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one transaction applies ({@link FencedTransaction}). */
final class AppliedBatch {
    final RollupAccumulator rollup;
    final Set<Integer> owned = new HashSet<>();
    final Set<Integer> lost = new HashSet<>();
    /** Partitions whose records begin above the stored offset. */
    final Set<Integer> behind = new HashSet<>();

    final List<ParsedRecord> deadLetters = new ArrayList<>();
    /** Records applied one by one (careful mode). */
    final List<ParsedRecord> alone = new ArrayList<>();
    /** The offsets stored for the partitions, by partition. */
    final Map<Integer, Long> advanced = new HashMap<>();

    long unapplicable;
    long accepted;
    long rejected;
    long records;
    long fenced;

    AppliedBatch(RollupAccumulator rollup) {
        this.rollup = rollup;
    }
}
