package dev.whatmoved.metrics.rollup;

import dev.whatmoved.metrics.model.Bucketing;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.model.RollupCodec;
import dev.whatmoved.metrics.repository.QuarantineRepository;
import dev.whatmoved.metrics.repository.StagingRepository;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * The staged rows one round of the applier claimed, read: their buckets merged, the rows the round removes from the
 * staging table, and those that cannot be read (to quarantine). Rows written by a newer version of the service (a rolling
 * upgrade) are left where they are, for a newer instance.
 */
final class ClaimedRows {

    final RollupAccumulator merged;
    /** The rows this round takes out of the staging table (applied or quarantined). */
    final List<Long> ids = new ArrayList<>();

    final List<QuarantineRepository.Entry> unreadable = new ArrayList<>();
    long points;

    private ClaimedRows(Bucketing bucketing) {
        this.merged = new RollupAccumulator(bucketing);
    }

    static ClaimedRows read(List<StagingRepository.Entry> entries, Bucketing bucketing) {
        ClaimedRows claimed = new ClaimedRows(bucketing);
        try {
            for (StagingRepository.Entry entry : entries) {
                claimed.take(entry, claimed.merged);
            }
            return claimed;
        } catch (IllegalArgumentException e) {
            // a row that cannot be read may have added part of itself: read them again one by one
            return readEach(entries, bucketing);
        }
    }

    private static ClaimedRows readEach(List<StagingRepository.Entry> entries, Bucketing bucketing) {
        ClaimedRows claimed = new ClaimedRows(bucketing);
        for (StagingRepository.Entry entry : entries) {
            RollupAccumulator one = new RollupAccumulator(bucketing);
            try {
                if (claimed.take(entry, one)) {
                    claimed.merged.merge(one);
                }
            } catch (IllegalArgumentException e) {
                claimed.ids.add(entry.id());
                claimed.unreadable.add(new QuarantineRepository.Entry(
                        null,
                        null,
                        null,
                        null,
                        entry.points(),
                        "staged row " + entry.id() + " cannot be read: " + e.getMessage(),
                        entry.deltas()));
            }
        }
        return claimed;
    }

    /** Adds the row's buckets to {@code into}; false (and nothing added) when the row is left for a newer instance. */
    private boolean take(StagingRepository.Entry entry, RollupAccumulator into) {
        if (RollupCodec.writtenByNewer(entry.deltas())) {
            Log.debugf("staged row %d was written by a newer version of the service: left for it", entry.id());
            return false;
        }
        RollupCodec.decodeInto(entry.deltas(), into);
        ids.add(entry.id());
        points += entry.points();
        return true;
    }

    boolean isEmpty() {
        return ids.isEmpty();
    }
}
