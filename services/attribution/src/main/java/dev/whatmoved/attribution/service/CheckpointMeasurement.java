package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.domain.Rollup;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.HourlyCheckpoint;
import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.RollupValue;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.HourlyRollupRepository;
import dev.whatmoved.attribution.repository.KnownEventRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Measures one claimed checkpoint, in the caller's transaction: reads the metric's rollups (hourly for the first day
 * when there are enough, else daily) and known events, the other releases of the metric inside the window, runs the
 * model unless the inputs are those of the latest version (same fingerprint), and hands the result to {@link
 * OutcomeRecorder}.
 */
@ApplicationScoped
class CheckpointMeasurement {

    /** How long after its due time a checkpoint without any post-period data waits for it before "too little data". */
    static final Duration AWAIT_DATA = Duration.ofDays(2);

    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final DailyRollupRepository rollups;
    private final HourlyRollupRepository hourlyRollups;
    private final KnownEventRepository knownEvents;
    private final OutcomesConfig config;
    private final AnalysisRequests requests;
    private final OutcomeRecorder recorder;
    private final CheckpointAnalysis analysis = new CheckpointAnalysis(new ImpactAnalysis());
    private final HourlyCheckpoint hourlyAnalysis = new HourlyCheckpoint(analysis);

    CheckpointMeasurement(
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            DailyRollupRepository rollups,
            HourlyRollupRepository hourlyRollups,
            KnownEventRepository knownEvents,
            OutcomesConfig config,
            AnalysisRequests requests,
            OutcomeRecorder recorder) {
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.rollups = rollups;
        this.hourlyRollups = hourlyRollups;
        this.knownEvents = knownEvents;
        this.config = config;
        this.requests = requests;
        this.recorder = recorder;
    }

    /** Whether a new outcome version was written. */
    Uni<Boolean> measure(
            Checkpoint checkpoint, Release release, Rollback rollback, Prediction prediction, Instant now) {
        if (checkpoint.checkpointDays == 1 && config.hourly().enabled()) {
            HourlyCheckpoint.Request probe =
                    requests.hourly(release, rollback, prediction, Map.of(), List.of(), Map.of());
            return hourlyRollups
                    .between(prediction.metric, probe.firstHour(), probe.end())
                    .flatMap(hours -> {
                        Map<Instant, Double> hourly = new HashMap<>();
                        hours.forEach(h -> {
                            Double value = h.value();
                            if (value != null) {
                                hourly.put(h.hour, value);
                            }
                        });
                        HourlyCheckpoint.Request withData =
                                requests.hourly(release, rollback, prediction, hourly, List.of(), Map.of());
                        if (!HourlyCheckpoint.enough(withData)) {
                            return measureDaily(checkpoint, release, rollback, prediction, now);
                        }
                        return measureAmongOthers(
                                checkpoint,
                                release,
                                prediction,
                                valueLabel("hourly", hours),
                                now,
                                probe.firstHour(),
                                probe.end(),
                                (others, ended) -> {
                                    HourlyCheckpoint.Request request =
                                            requests.hourly(release, rollback, prediction, hourly, others, ended);
                                    String fingerprint = HourlyCheckpoint.fingerprint(
                                            request,
                                            prediction.metric + "#" + prediction.version + "#"
                                                    + requests.hourlySettings());
                                    return new PreparedAnalysis(fingerprint, () -> hourlyAnalysis.measure(request));
                                });
                    });
        }
        return measureDaily(checkpoint, release, rollback, prediction, now);
    }

    private Uni<Boolean> measureDaily(
            Checkpoint checkpoint, Release release, Rollback rollback, Prediction prediction, Instant now) {
        LocalDate releaseDay = CheckpointPlanner.day(release.deployedAt);
        LocalDate rollbackDay = rollback == null ? null : CheckpointPlanner.day(rollback.rolledBackAt);
        CheckpointAnalysis.Window window =
                CheckpointAnalysis.window(releaseDay, rollbackDay, checkpoint.checkpointDays, config.preDays());
        Instant from = window.preFrom().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = window.lastDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        LocalDate readFrom = window.preFrom().minusDays(config.historyDays());
        return rollups.between(prediction.metric, readFrom, window.lastDay()).flatMap(days -> knownEvents
                .excludedDays(prediction.metric, readFrom, window.lastDay())
                .flatMap(excluded -> measureAmongOthers(
                        checkpoint, release, prediction, valueLabel("daily", days), now, from, to, (others, ended) -> {
                            CheckpointAnalysis.Request request = requests.daily(
                                    checkpoint, releaseDay, rollbackDay, prediction, days, others, ended, excluded);
                            String fingerprint = request.fingerprint(
                                    prediction.metric + "#" + prediction.version + "#" + requests.dailySettings());
                            return new PreparedAnalysis(fingerprint, () -> analysis.measure(request));
                        })));
    }

    /** What the analysed series is, as its newest bucket names it ("daily sum", "hourly ratio of sums", ...). */
    private static String valueLabel(String granularity, List<? extends Rollup> buckets) {
        if (buckets.isEmpty()) {
            return granularity + " sum";
        }
        Rollup newest = buckets.get(buckets.size() - 1);
        return RollupValue.label(granularity, newest.aggregation, newest.denominator != null);
    }

    /** An analysis to run, and the fingerprint of its inputs. */
    private record PreparedAnalysis(String fingerprint, Callable<CheckpointAnalysis.Result> run) {}

    /**
     * Loads the other releases of the metric in {@code [from, to)} and their rollbacks, prepares the analysis with
     * them, and measures.
     */
    private Uni<Boolean> measureAmongOthers(
            Checkpoint checkpoint,
            Release release,
            Prediction prediction,
            String valueLabel,
            Instant now,
            Instant from,
            Instant to,
            BiFunction<List<Release>, Map<UUID, Rollback>, PreparedAnalysis> prepare) {
        return releases.overlapping(release.id, release.environment, prediction.metric, from, to)
                .flatMap(others -> rollbacks
                        .ofReleases(others.stream().map(r -> r.id).toList())
                        .flatMap(otherRollbacks -> {
                            Map<UUID, Rollback> ended = otherRollbacks.stream()
                                    .collect(Collectors.toMap(r -> r.releaseId, Function.identity()));
                            MeasuredCase measured =
                                    new MeasuredCase(checkpoint, release, prediction, valueLabel, others, ended);
                            return measured(measured, prepare.apply(others, ended), now);
                        }));
    }

    /** Runs the analysis unless the inputs are those of the latest version, and records the result. */
    private Uni<Boolean> measured(MeasuredCase measured, PreparedAnalysis prepared, Instant now) {
        Checkpoint checkpoint = measured.checkpoint();
        if (prepared.fingerprint().equals(checkpoint.inputHash)) {
            checkpoint.stale = false;
            return Uni.createFrom().item(false);
        }
        return offload(prepared.run()).flatMap(result -> {
            if (awaitingData(checkpoint, result, now)) {
                // nothing of the post-period has been announced yet: no verdict, the job looks again next run
                checkpoint.stale = true;
                return Uni.createFrom().item(false);
            }
            return recorder.record(measured, result, prepared.fingerprint(), now);
        });
    }

    /**
     * Whether the post-period has no data at all while the checkpoint is recent (less than {@link #AWAIT_DATA} past
     * due): the rollups of its days are most likely not announced yet, and "inconclusive: too little data" would be a
     * first version that the next one corrects. Later, a post-period without data is what it is: inconclusive.
     */
    private static boolean awaitingData(Checkpoint checkpoint, CheckpointAnalysis.Result result, Instant now) {
        return result.impact() == null
                && result.data().postPoints() == 0
                && result.window().postDays() > 0
                && checkpoint.version == 0
                && now.isBefore(checkpoint.dueAt.plus(AWAIT_DATA));
    }

    /**
     * The model takes milliseconds of CPU: run it on a worker thread, and carry on (database, outbox) on the caller's
     * Vert.x context, where the reactive session lives.
     */
    private static <T> Uni<T> offload(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom()
                .emitter(emitter -> context.<T>executeBlocking(work, false).onComplete(done -> {
                    if (done.succeeded()) {
                        emitter.complete(done.result());
                    } else {
                        emitter.fail(done.cause());
                    }
                }));
    }
}
