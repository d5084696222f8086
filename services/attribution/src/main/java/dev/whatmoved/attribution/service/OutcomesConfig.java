package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.model.CheckpointAnalysis;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

@ConfigMapping(prefix = "whatmoved.outcomes")
public interface OutcomesConfig {

    /**
     * How often the checkpoint gauges of {@code /q/metrics} (pending, failed, given up) are counted in the database
     * ({@link dev.whatmoved.attribution.operations.OperatorMetrics}).
     */
    @WithDefault("15s")
    Duration gaugeInterval();

    /** Full days before a release whose mean is the before/after baseline (the labelled baseline, not the model). */
    @WithDefault("28")
    int baselineDays();

    /** Days after a release at which its outcomes are measured (each capped by the prediction's horizon). */
    @WithDefault("1,7,14,30,60,90")
    List<Integer> checkpoints();

    /** Days before the release day the model learns the metric's level, trend and weekly pattern from. */
    @WithDefault("56")
    int preDays();

    /**
     * Days before the pre-period read as the metric's history (where it has data): the model's interval is calibrated
     * at placebo release dates inside it, and spikes in it are set aside; 0 turns both off.
     */
    @WithDefault("365")
    int historyDays();

    /** How long after a checkpoint's last day has ended its data is taken as complete (late data still recomputes). */
    @WithDefault("PT6H")
    Duration grace();

    /** The intervals are 1 - alpha; "moved" means the interval excludes zero. */
    @WithDefault("0.05")
    double alpha();

    /** Seasonal period of the daily data (7: weekly); 0 for none. */
    @WithDefault("7")
    int season();

    /** Fewer pre-period days with data than this: inconclusive (too little data). */
    @WithDefault("28")
    int minPreDays();

    /** A smaller share of post-period days with data than this: inconclusive (too little data). */
    @WithDefault("0.5")
    double minPostShare();

    /** The 1-day checkpoint on hourly rollups (when the metric has them; daily otherwise). */
    Hourly hourly();

    interface Hourly {

        /** Use hourly rollups for the 1-day checkpoint when they cover the window. */
        @WithDefault("true")
        boolean enabled();

        /** Hours before the release's hour the model learns the level and the daily (24-hour) pattern from. */
        @WithDefault("336")
        int preHours();

        /** A level per day of the week next to the daily cycle (a weekend day after weekdays is not a weekday). */
        @WithDefault("true")
        boolean dayOfWeek();

        /** Fewer pre-period hours with data than this: the daily rollups are used instead. */
        @WithDefault("168")
        int minPreHours();
    }

    /** The periodic computation of due and stale checkpoints. */
    Job job();

    interface Job {

        /** How often due and stale checkpoints are (re)computed, e.g. {@code 60s}; {@code off} disables the job. */
        @WithDefault("60s")
        String every();

        /**
         * Whether a watermark that moves ({@code metric.announced.v1}) starts a run at once: the checkpoints that waited
         * for it are measured within seconds of their metric's announcements covering them, not at the next period.
         */
        @WithDefault("true")
        boolean onWatermark();

        /**
         * Checkpoints per batch: a run computes batch after batch while a full batch was due (at most 50), so a
         * backlog is caught up at once rather than one batch per run.
         */
        @WithDefault("200")
        int batch();

        /**
         * A checkpoint whose computation fails this many times in a row is given up until new data for its window
         * arrives (retries wait 1, 2, 4, ... minutes, at most 6 hours, in between).
         */
        @WithDefault("5")
        int maxAttempts();
    }

    /**
     * The model's settings for daily checkpoints, as configured here: the verdicts' and the prediction review's (one
     * place, so the review's minimum detectable effect stays the verdict's).
     */
    default CheckpointAnalysis.Settings dailyAnalysis() {
        return new CheckpointAnalysis.Settings(
                preDays(), alpha(), season(), minPreDays(), minPostShare(), historyDays());
    }
}
