package dev.whatmoved.metrics.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Where a point's hour and day buckets start, in the reporting time zone. Days begin at local midnight; hours at the
 * local hour (so across a daylight-saving change a day has 23 or 25 hour buckets, and the repeated hour stays two
 * buckets). Results are epoch seconds.
 */
public final class Bucketing {

    private final ZoneId zone;
    /** The zone's offset when it never changes (UTC, +05:30): then both are plain arithmetic. */
    private final Integer fixedOffset;

    public Bucketing(ZoneId zone) {
        this.zone = zone;
        ZoneOffset fixed = zone.getRules().isFixedOffset() ? zone.getRules().getOffset(Instant.EPOCH) : null;
        this.fixedOffset = fixed == null ? null : fixed.getTotalSeconds();
    }

    public ZoneId zone() {
        return zone;
    }

    public long hourStart(Instant t) {
        if (fixedOffset != null) {
            return Math.floorDiv(t.getEpochSecond() + fixedOffset, 3600) * 3600 - fixedOffset;
        }
        return t.atZone(zone).truncatedTo(ChronoUnit.HOURS).toEpochSecond();
    }

    public long dayStart(Instant t) {
        if (fixedOffset != null) {
            return Math.floorDiv(t.getEpochSecond() + fixedOffset, 86_400) * 86_400 - fixedOffset;
        }
        return t.atZone(zone).toLocalDate().atStartOfDay(zone).toEpochSecond();
    }
}
