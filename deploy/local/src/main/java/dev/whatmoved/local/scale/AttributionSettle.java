package dev.whatmoved.local.scale;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wait before the scale-out proof's checks: until attribution holds the final daily totals of what was produced,
 * has measured every due checkpoint and has relayed its events. A run that does not settle in time goes on to the
 * checks, which then say what is missing.
 */
final class AttributionSettle {

    private final Duration timeout;
    private final Db attributionDb;
    private final ExpectedRollups expected;
    private final ScaleLog log;

    AttributionSettle(Duration timeout, Db attributionDb, ExpectedRollups expected, ScaleLog log) {
        this.timeout = timeout;
        this.attributionDb = attributionDb;
        this.expected = expected;
        this.log = log;
    }

    /** Waits until attribution holds the final daily totals, has measured what is due and has relayed its events. */
    void await(List<String> metrics) {
        log.log("waiting for attribution to settle (daily totals, due checkpoints, outbox)");
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        while (!dailyTotalsArrived(metrics)) {
            if (System.nanoTime() > deadline) {
                log.log("attribution did not receive every final daily total within %d s", timeout.toSeconds());
                return;
            }
            BenchRuns.sleep(Duration.ofSeconds(1));
        }
        log.log("attribution holds every final daily total after %.1f s", ScaleLog.seconds(start));
        int quiet = 0;
        while (quiet < 2) {
            long pending = attributionDb.count("select count(*) from checkpoint where stale and due_at <= now()");
            long outbox = attributionDb.count("select count(*) from outbox_event");
            quiet = pending == 0 && outbox == 0 ? quiet + 1 : 0;
            if (System.nanoTime() > deadline) {
                log.log(
                        "not settled within %d s: %d due checkpoints stale, %d events in the outbox",
                        timeout.toSeconds(), pending, outbox);
                return;
            }
            BenchRuns.sleep(Duration.ofSeconds(2));
        }
        log.log("settled after %.1f s", ScaleLog.seconds(start));
    }

    private boolean dailyTotalsArrived(List<String> metrics) {
        for (String metric : metrics) {
            Map<Instant, ExpectedRollups.Totals> want = expected.daily(metric);
            Map<Instant, long[]> got = new HashMap<>();
            for (Object[] row :
                    attributionDb.rows("select day, sum, count from daily_rollup where metric = ?", metric)) {
                Instant day = ((Date) row[0])
                        .toLocalDate()
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
                got.put(day, new long[] {(long) ((Number) row[1]).doubleValue(), ((Number) row[2]).longValue()});
            }
            if (got.size() != want.size()) {
                return false;
            }
            for (Map.Entry<Instant, ExpectedRollups.Totals> e : want.entrySet()) {
                long[] g = got.get(e.getKey());
                if (g == null || g[0] != e.getValue().sum || g[1] != e.getValue().count) {
                    return false;
                }
            }
        }
        return true;
    }
}
