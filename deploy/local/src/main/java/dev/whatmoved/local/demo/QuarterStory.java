package dev.whatmoved.local.demo;

import dev.whatmoved.local.demo.Scenario.Release;
import java.time.LocalDate;
import java.util.List;

/**
 * The demo's story: three teams of an online shop over one calendar quarter. The quarter is the latest one whose
 * releases are all more than 90 days old (so every checkpoint, 1 to 90 days, can be measured), and the metrics start
 * ten weeks before it (the model learns from the 8 weeks before each release) and run until yesterday. The story's
 * metrics, features and deployments are in {@link StoryMetrics}, {@link StoryFeatures} and {@link StoryReleases}.
 */
public final class QuarterStory {

    /** The seed of the metric noise when none is given. */
    public static final long DEFAULT_SEED = 20260401L;

    /** Weeks of metric history before the quarter's first day. */
    static final int HISTORY_DAYS = 70;

    /** Days after the last release until its 90-day checkpoint is due (90 days, its last day, and the grace). */
    static final int LAST_CHECKPOINT_DAYS = 92;

    private QuarterStory() {}

    public static Scenario build(LocalDate today) {
        return build(today, DEFAULT_SEED);
    }

    public static Scenario build(LocalDate today, long seed) {
        LocalDate quarterStart = quarterStart(today);
        LocalDate quarterEnd = quarterStart.plusMonths(3).minusDays(1);
        List<Release> releases = StoryReleases.releases(quarterStart);
        String quarter = quarterStart.getYear() + "-Q" + (quarterStart.getMonthValue() / 3 + 1);
        return new Scenario(
                quarter,
                quarterStart,
                quarterEnd,
                quarterStart.minusDays(HISTORY_DAYS),
                today.minusDays(1),
                seed,
                List.of("growth", "checkout", "discovery"),
                StoryMetrics.metrics(),
                StoryFeatures.features(),
                releases);
    }

    /** The first day of the latest calendar quarter that ended at least {@value #LAST_CHECKPOINT_DAYS} days ago. */
    static LocalDate quarterStart(LocalDate today) {
        LocalDate quarter = LocalDate.of(today.getYear(), (today.getMonthValue() - 1) / 3 * 3 + 1, 1);
        while (!quarter.plusMonths(3)
                .minusDays(1)
                .plusDays(LAST_CHECKPOINT_DAYS)
                .isBefore(today)) {
            quarter = quarter.minusMonths(3);
        }
        return quarter;
    }
}
