package dev.whatmoved.attribution.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.attribution.domain.Checkpoint;
import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.attribution.domain.Outcome;
import dev.whatmoved.attribution.domain.OutcomeDetail;
import dev.whatmoved.attribution.domain.Prediction;
import dev.whatmoved.attribution.domain.Release;
import dev.whatmoved.attribution.domain.Rollback;
import dev.whatmoved.attribution.domain.Rollup;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.HourlyCheckpoint;
import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.attribution.model.RollupValue;
import dev.whatmoved.attribution.operations.OperatorMetrics;
import dev.whatmoved.attribution.repository.CheckpointRepository;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.HourlyRollupRepository;
import dev.whatmoved.attribution.repository.KnownEventRepository;
import dev.whatmoved.attribution.repository.OutcomeRepository;
import dev.whatmoved.attribution.repository.PredictionRepository;
import dev.whatmoved.attribution.repository.ReleaseRepository;
import dev.whatmoved.attribution.repository.RollbackRepository;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.OutcomeGuardrailBreached;
import dev.whatmoved.events.OutcomeMeasured;
import dev.whatmoved.kit.outage.Unreachable;
import dev.whatmoved.kit.outbox.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computes the outcomes of due checkpoints: each in its own transaction, which locks the checkpoint, reads the
 * metric's daily rollups and the other releases of the metric inside the window, runs the model, and writes the
 * outcome version together with its {@code outcome.measured.v1} (and, for a breached guardrail, {@code
 * outcome.guardrail-breached.v1}) event through the outbox. A recomputation whose inputs did not change (same
 * fingerprint) clears the stale mark and makes no new version.
 */
@ApplicationScoped
public class OutcomeEngine {

    public static final String METHOD = "state-space";
    public static final String VALUE = "daily sum";
    private static final int HOURS_PER_DAY = 24;
    /** How long after its due time a checkpoint without any post-period data waits for it before "too little data". */
    /** Batches in one run at most (10,000 checkpoints at the default batch); the next run goes on. */
    static final int MAX_ROUNDS = 50;

    static final java.time.Duration AWAIT_DATA = java.time.Duration.ofDays(2);

    private final CheckpointRepository checkpoints;
    private final ReleaseRepository releases;
    private final RollbackRepository rollbacks;
    private final PredictionRepository predictions;
    private final DailyRollupRepository rollups;
    private final OutcomeRepository outcomes;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final OutcomesConfig config;
    private final CheckpointAnalysis analysis = new CheckpointAnalysis(new ImpactAnalysis());
    private final CheckpointAnalysis.Settings settings;
    private final HourlyRollupRepository hourlyRollups;
    private final HourlyCheckpoint hourlyAnalysis = new HourlyCheckpoint(analysis);
    private final CheckpointAnalysis.Settings hourlySettings;
    private final KnownEventRepository knownEvents;
    private final OperatorMetrics operatorMetrics;

    public OutcomeEngine(
            CheckpointRepository checkpoints,
            ReleaseRepository releases,
            RollbackRepository rollbacks,
            PredictionRepository predictions,
            DailyRollupRepository rollups,
            HourlyRollupRepository hourlyRollups,
            OutcomeRepository outcomes,
            Outbox outbox,
            ObjectMapper json,
            OutcomesConfig config,
            KnownEventRepository knownEvents,
            OperatorMetrics operatorMetrics) {
        this.operatorMetrics = operatorMetrics;
        this.checkpoints = checkpoints;
        this.releases = releases;
        this.rollbacks = rollbacks;
        this.predictions = predictions;
        this.rollups = rollups;
        this.hourlyRollups = hourlyRollups;
        this.outcomes = outcomes;
        this.outbox = outbox;
        this.json = json;
        this.config = config;
        this.knownEvents = knownEvents;
        this.settings = config.dailyAnalysis();
        this.hourlySettings = new CheckpointAnalysis.Settings(
                config.hourly().preHours(),
                config.alpha(),
                HOURS_PER_DAY,
                config.hourly().minPreHours(),
                config.minPostShare());
    }

    /**
     * (Re)computes the checkpoints due at {@code now} that are stale, batch after batch while work is due; returns how
     * many new outcome versions were written. Must run on a Vert.x context (the job and the tests use {@code VertxContextSupport}).
     */
    public Uni<Integer> refresh(Instant now) {
        return refreshRounds(now, 0, 1);
    }

    /**
     * Batch after batch while a full batch was due and the last one made progress (a backlog after an outage is
     * caught up in one run instead of one batch a minute), at most {@link #MAX_ROUNDS} batches per run.
     */
    private Uni<Integer> refreshRounds(Instant now, int measuredSoFar, int round) {
        return refreshBatch(now).flatMap(batch -> {
            int measured = measuredSoFar + batch.measured();
            boolean more = batch.due() >= config.job().batch() && batch.measured() > 0 && round < MAX_ROUNDS;
            return more
                    ? refreshRounds(now, measured, round + 1)
                    : Uni.createFrom().item(measured);
        });
    }

    /** Checkpoints found due in one batch, and how many of them got a new outcome version. */
    private record Batch(int due, int measured) {}

    private Uni<Batch> refreshBatch(Instant now) {
        return Panache.withSession(() -> checkpoints.due(now, config.job().batch()))
                .flatMap(ids -> Multi.createFrom()
                        .iterable(ids)
                        .onItem()
                        .transformToUniAndConcatenate(id -> Panache.withTransaction(() -> compute(id, now))
                                .onFailure(failure -> Unreachable.reason(failure) == null)
                                .recoverWithUni(failure -> failed(id, failure, now)))
                        .collect()
                        .asList()
                        .map(done -> new Batch(ids.size(), (int)
                                done.stream().filter(Boolean::booleanValue).count())));
    }

    /**
     * Records the failure for a later retry (or gives up after the configured attempts); never fails itself. Not for an
     * unreachable database ({@link Unreachable}): that failure ends the batch and the run (the job reports the outage
     * once), and counts against no checkpoint's attempts.
     */
    private Uni<Boolean> failed(UUID id, Throwable failure, Instant now) {
        Log.errorf(failure, "could not compute the outcome of checkpoint %s", id);
        String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return Panache.withTransaction(() -> checkpoints.failed(
                        id,
                        message.length() > 1000 ? message.substring(0, 1000) : message,
                        config.job().maxAttempts(),
                        now))
                .replaceWith(false)
                .onFailure()
                .recoverWithItem(e -> {
                    Log.errorf(e, "could not record the failure of checkpoint %s", id);
                    return false;
                });
    }

    private Uni<Boolean> compute(UUID id, Instant now) {
        return checkpoints.claim(id, now).flatMap(checkpoint -> {
            if (checkpoint == null) {
                return Uni.createFrom().item(false); // computed meanwhile, or another instance holds it
            }
            return releases.findById(checkpoint.releaseId).flatMap(release -> predictions
                    .findById(new Prediction.Key(checkpoint.featureKey, checkpoint.predictionNumber))
                    .flatMap(prediction -> {
                        if (release == null || prediction == null) {
                            checkpoint.stale = false; // the planner marks it again when what is missing arrives
                            return Uni.createFrom().item(false);
                        }
                        return rollbacks
                                .findById(release.id)
                                .flatMap(rollback -> measure(checkpoint, release, rollback, prediction, now));
                    }));
        });
    }

    private Uni<Boolean> measure(
            Checkpoint checkpoint, Release release, Rollback rollback, Prediction prediction, Instant now) {
        if (checkpoint.checkpointDays == 1 && config.hourly().enabled()) {
            HourlyCheckpoint.Request probe =
                    hourlyRequest(release, rollback, prediction, Map.of(), List.of(), Map.of());
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
                                hourlyRequest(release, rollback, prediction, hourly, List.of(), Map.of());
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
                                            hourlyRequest(release, rollback, prediction, hourly, others, ended);
                                    String fingerprint = HourlyCheckpoint.fingerprint(
                                            request,
                                            prediction.metric + "#" + prediction.version + "#" + hourlySettings);
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
                            CheckpointAnalysis.Request request = request(
                                    checkpoint, releaseDay, rollbackDay, prediction, days, others, ended, excluded);
                            String fingerprint =
                                    request.fingerprint(prediction.metric + "#" + prediction.version + "#" + settings);
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
            String value,
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
                            return measured(
                                    checkpoint,
                                    release,
                                    prediction,
                                    others,
                                    ended,
                                    prepare.apply(others, ended),
                                    value,
                                    now);
                        }));
    }

    /** Runs the analysis unless the inputs are those of the latest version, and records the result. */
    private Uni<Boolean> measured(
            Checkpoint checkpoint,
            Release release,
            Prediction prediction,
            List<Release> others,
            Map<UUID, Rollback> ended,
            PreparedAnalysis prepared,
            String value,
            Instant now) {
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
            return record(checkpoint, release, prediction, result, others, ended, prepared.fingerprint(), value, now);
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

    private HourlyCheckpoint.Request hourlyRequest(
            Release release,
            Rollback rollback,
            Prediction prediction,
            Map<Instant, Double> hourly,
            List<Release> others,
            Map<UUID, Rollback> ended) {
        return new HourlyCheckpoint.Request(
                release.deployedAt,
                rollback == null ? null : rollback.rolledBackAt,
                expectation(prediction),
                hourly,
                others.stream()
                        .map(o -> new HourlyCheckpoint.OtherRelease(
                                o.id.toString(),
                                o.deployedAt,
                                ended.containsKey(o.id) ? ended.get(o.id).rolledBackAt : null))
                        .toList(),
                hourlySettings,
                looks(prediction, 1),
                config.hourly().dayOfWeek());
    }

    /** The prediction's checkpoints (up to its horizon): the looks its alpha is spent across. */
    private List<Integer> looks(Prediction prediction, int checkpointDays) {
        List<Integer> looks = config.checkpoints().stream()
                .filter(d -> d <= prediction.horizonDays)
                .sorted()
                .distinct()
                .toList();
        return looks.contains(checkpointDays) ? looks : List.of(checkpointDays);
    }

    private static CheckpointAnalysis.Expectation expectation(Prediction prediction) {
        return new CheckpointAnalysis.Expectation(
                prediction.direction, prediction.expectedChangePct, prediction.guardrail, prediction.tolerancePct);
    }

    private CheckpointAnalysis.Request request(
            Checkpoint checkpoint,
            LocalDate releaseDay,
            LocalDate rollbackDay,
            Prediction prediction,
            List<DailyRollup> days,
            List<Release> others,
            Map<UUID, Rollback> ended,
            Set<LocalDate> excludedDays) {
        Map<LocalDate, Double> daily = new HashMap<>();
        days.forEach(day -> {
            Double value = day.value();
            if (value != null) {
                daily.put(day.day, value);
            }
        });
        List<CheckpointAnalysis.OtherRelease> overlapping = new ArrayList<>();
        for (Release other : others) {
            Rollback r = ended.get(other.id);
            overlapping.add(new CheckpointAnalysis.OtherRelease(
                    other.id.toString(),
                    CheckpointPlanner.day(other.deployedAt),
                    r == null ? null : CheckpointPlanner.day(r.rolledBackAt)));
        }
        return new CheckpointAnalysis.Request(
                releaseDay,
                rollbackDay,
                checkpoint.checkpointDays,
                expectation(prediction),
                daily,
                overlapping,
                settings,
                looks(prediction, checkpoint.checkpointDays),
                excludedDays,
                null);
    }

    private Uni<Boolean> record(
            Checkpoint checkpoint,
            Release release,
            Prediction prediction,
            CheckpointAnalysis.Result result,
            List<Release> others,
            Map<UUID, Rollback> ended,
            String fingerprint,
            String value,
            Instant now) {
        ImpactResult impact = result.impact();
        ImpactResult.Summary average = impact == null ? null : impact.average();
        Map<String, Release> byId = others.stream().collect(Collectors.toMap(r -> r.id.toString(), r -> r));
        List<OutcomeDetail.Confounder> confounders = result.confounders().stream()
                .map(c -> {
                    Release r = byId.get(c.id());
                    Rollback rb = ended.get(r.id);
                    return new OutcomeDetail.Confounder(
                            r.id,
                            r.service,
                            r.version,
                            r.deployedAt,
                            rb == null ? null : rb.rolledBackAt,
                            List.of(r.features),
                            c.period(),
                            c.separated(),
                            c.effect(),
                            c.effectSd());
                })
                .toList();
        OutcomeDetail detail = new OutcomeDetail(
                OutcomeDetail.PredictionSnapshot.of(prediction),
                value,
                OutcomeDetail.Window.of(result.window()),
                average,
                impact == null ? null : impact.cumulative(),
                impact == null ? null : impact.minimumDetectableEffect(),
                confounders,
                result.data(),
                impact == null ? null : impact.model(),
                result.sequential(),
                impact == null ? null : impact.placebo(),
                result.outlierDays());

        checkpoint.version += 1;
        checkpoint.inputHash = fingerprint;
        checkpoint.stale = false;
        checkpoint.failures = 0;
        checkpoint.lastError = null;
        checkpoint.retryAt = null;
        checkpoint.metric = prediction.metric;
        checkpoint.predictionVersion = prediction.version;

        Outcome outcome = new Outcome();
        outcome.checkpointId = checkpoint.id;
        outcome.version = checkpoint.version;
        outcome.releaseId = release.id;
        outcome.featureKey = checkpoint.featureKey;
        outcome.predictionNumber = checkpoint.predictionNumber;
        outcome.predictionVersion = prediction.version;
        outcome.checkpointDays = checkpoint.checkpointDays;
        outcome.metric = prediction.metric;
        outcome.verdict = result.verdict().label();
        outcome.reason = result.reason();
        outcome.relEffect = average == null ? null : average.relEffect();
        outcome.relEffectLower = average == null ? null : average.relEffectLower();
        outcome.relEffectUpper = average == null ? null : average.relEffectUpper();
        outcome.p = impact == null ? null : impact.p();
        outcome.guardrailBreached = result.guardrailBreached();
        outcome.method = METHOD;
        outcome.measuredAt = now;
        outcome.detail = write(detail);

        String subject = subject(checkpoint);
        String key = release.id.toString();
        List<UUID> confounderIds =
                confounders.stream().map(OutcomeDetail.Confounder::releaseId).toList();
        OutcomeMeasured measured = new OutcomeMeasured(
                checkpoint.id,
                release.id,
                checkpoint.featureKey,
                checkpoint.predictionNumber,
                prediction.version,
                prediction.metric,
                checkpoint.checkpointDays,
                checkpoint.version,
                outcome.verdict,
                percent(outcome.relEffect),
                percent(outcome.relEffectLower),
                percent(outcome.relEffectUpper),
                outcome.p,
                METHOD,
                now,
                release.service,
                release.environment,
                prediction.guardrail,
                prediction.direction,
                prediction.expectedChangePct,
                prediction.tolerancePct,
                average == null ? null : average.absEffect(),
                average == null ? null : average.absEffectLower(),
                average == null ? null : average.absEffectUpper(),
                impact == null ? null : percent(impact.minimumDetectableEffect().relative()),
                new OutcomeMeasured.Window(
                        result.window().preFrom(),
                        result.window().preTo(),
                        result.window().postFrom(),
                        result.window().postTo()),
                result.window().postDays(),
                result.reason(),
                confounderIds,
                prediction.guardrail ? result.guardrailBreached() : null);
        Log.infof(
                "outcome %s v%d: %s (%s)",
                subject, checkpoint.version, outcome.verdict, outcome.reason == null ? "-" : outcome.reason);
        Uni<?> written = outcomes.persist(outcome)
                .chain(() -> outbox.append(EventType.OUTCOME_MEASURED, key, subject, measured));
        if (result.guardrailBreached()) {
            double tolerance = prediction.tolerancePct == null ? 0 : Math.abs(prediction.tolerancePct) / 100;
            // the least degrading end of the interval: the upper end when the good direction is down, else the lower
            int sign = "down".equals(prediction.direction) ? -1 : 1;
            Double leastBad = sign > 0 ? average.relEffectUpper() : average.relEffectLower();
            boolean beyond = leastBad != null && -sign * leastBad > tolerance;
            OutcomeGuardrailBreached breach = new OutcomeGuardrailBreached(
                    checkpoint.id,
                    release.id,
                    release.service,
                    release.environment,
                    checkpoint.featureKey,
                    checkpoint.predictionNumber,
                    prediction.version,
                    prediction.metric,
                    checkpoint.checkpointDays,
                    checkpoint.version,
                    prediction.direction,
                    prediction.tolerancePct,
                    percent(average.relEffect()),
                    percent(average.relEffectLower()),
                    percent(average.relEffectUpper()),
                    beyond,
                    impact.p(),
                    confounderIds,
                    now);
            Log.warnf(
                    "guardrail breached: %s changed by %+.2f %% (tolerated %s %%) at %s",
                    prediction.metric, breach.relEffectPct(), prediction.tolerancePct, subject);
            written = written.chain(() -> outbox.append(EventType.OUTCOME_GUARDRAIL_BREACHED, key, subject, breach));
        }
        return written.invoke(() -> operatorMetrics.outcome(outcome.verdict, result.guardrailBreached()))
                .replaceWith(true);
    }

    /** {@code <releaseId>/<featureKey>#<n>/<d>d}: the subject of the outcome's events. */
    public static String subject(Checkpoint checkpoint) {
        return checkpoint.releaseId + "/" + checkpoint.featureKey + "#" + checkpoint.predictionNumber + "/"
                + checkpoint.checkpointDays + "d";
    }

    private static Double percent(Double fraction) {
        return fraction == null ? null : 100 * fraction;
    }

    private String write(OutcomeDetail detail) {
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an outcome", e);
        }
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
