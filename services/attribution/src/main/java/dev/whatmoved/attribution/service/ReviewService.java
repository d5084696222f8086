package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.domain.DailyRollup;
import dev.whatmoved.attribution.model.CheckpointAnalysis;
import dev.whatmoved.attribution.model.DetectionReview;
import dev.whatmoved.attribution.model.Direction;
import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.repository.DailyRollupRepository;
import dev.whatmoved.attribution.repository.KnownEventRepository;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reviews predictions before their release: reads each metric's daily rollups (the pre-period and history a release
 * shipped after its last day with data would be measured with) and its known events, then runs {@link DetectionReview}
 * with the outcome job's settings on the analysis pool (bounded like ad-hoc analyses: it is the same CPU work).
 */
@ApplicationScoped
public class ReviewService {

    public static final int MAX_PREDICTIONS = 20;
    private static final Pattern METRIC = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
    private static final int MAX_HORIZON = 365;

    private final DailyRollupRepository rollups;
    private final KnownEventRepository knownEvents;
    private final OutcomesConfig config;
    private final AnalysisPool pool;
    private final Clock clock;
    private final DetectionReview review = new DetectionReview(new CheckpointAnalysis(new ImpactAnalysis()));
    private final CheckpointAnalysis.Settings settings;

    public ReviewService(
            DailyRollupRepository rollups,
            KnownEventRepository knownEvents,
            OutcomesConfig config,
            AnalysisPool pool,
            Clock clock) {
        this.rollups = rollups;
        this.knownEvents = knownEvents;
        this.config = config;
        this.pool = pool;
        this.clock = clock;
        this.settings = config.dailyAnalysis();
    }

    /**
     * One review per prediction, in their order.
     *
     * @param request the predictions as asked (null, or with null elements, is refused naming the field)
     */
    public Uni<List<DetectionReview.Result>> review(String caller, List<PredictionToReview> request) {
        List<PredictionToReview> predictions = check(request);
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate readFrom = today.minusDays(config.preDays() + config.historyDays() + 1L);
        // one session, one metric after the other (a reactive session runs one query at a time)
        return Panache.withSession(() -> Multi.createFrom()
                        .iterable(predictions)
                        .onItem()
                        .transformToUniAndConcatenate(p -> read(p, readFrom, today))
                        .collect()
                        .asList())
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(requests -> pool.run(caller, () -> {
                    List<DetectionReview.Result> results = new ArrayList<>();
                    for (DetectionReview.Request r : requests) {
                        results.add(review.review(r));
                    }
                    return List.copyOf(results);
                }));
    }

    /**
     * The metric's days up to today; the release is assumed the day after the last one with data (today when there is
     * none), so that its pre-period is the most recent history there is.
     */
    private Uni<DetectionReview.Request> read(PredictionToReview p, LocalDate from, LocalDate today) {
        return rollups.between(p.metric(), from, today).flatMap(days -> {
            Map<LocalDate, Double> daily = new HashMap<>();
            LocalDate last = null;
            for (DailyRollup day : days) {
                Double value = day.value();
                if (value != null) {
                    daily.put(day.day, value);
                    last = day.day;
                }
            }
            LocalDate releaseDay = last == null ? today : last.plusDays(1);
            int horizon = p.horizonDays() == null ? 90 : p.horizonDays();
            List<Integer> looks = config.checkpoints().stream()
                    .filter(d -> d <= horizon)
                    .sorted()
                    .distinct()
                    .toList();
            boolean guardrail = Boolean.TRUE.equals(p.guardrail());
            CheckpointAnalysis.Expectation expectation = new CheckpointAnalysis.Expectation(
                    p.direction(), guardrail ? null : p.changePct(), guardrail, guardrail ? p.changePct() : null);
            return knownEvents
                    .excludedDays(p.metric(), from, releaseDay.plusDays(horizon))
                    .map(excluded -> new DetectionReview.Request(
                            p.metric(), releaseDay, expectation, daily, looks, Set.copyOf(excluded), settings));
        });
    }

    private static List<PredictionToReview> check(List<PredictionToReview> predictions) {
        if (predictions == null || predictions.isEmpty()) {
            throw ProblemException.invalid("predictions", "must be a non-empty array");
        }
        if (predictions.size() > MAX_PREDICTIONS) {
            throw ProblemException.invalid("predictions", "at most " + MAX_PREDICTIONS + " predictions per request");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            PredictionToReview p = predictions.get(i);
            String at = "predictions[" + i + "].";
            if (p == null) {
                errors.add(new Problem.FieldError("predictions[" + i + "]", "must be an object"));
                continue;
            }
            if (p.metric() == null || !METRIC.matcher(p.metric()).matches()) {
                errors.add(new Problem.FieldError(
                        at + "metric",
                        "must be a metric key: lowercase letters, digits, dots, underscores and dashes, at most 128"));
            }
            if (!Direction.isWord(p.direction())) {
                errors.add(new Problem.FieldError(at + "direction", "must be up or down"));
            }
            if (p.changePct() != null && !(p.changePct() > 0 && p.changePct() <= 1000)) {
                errors.add(new Problem.FieldError(at + "changePct", "must be a magnitude above 0 and at most 1000"));
            }
            if (p.horizonDays() != null && (p.horizonDays() < 1 || p.horizonDays() > MAX_HORIZON)) {
                errors.add(new Problem.FieldError(at + "horizonDays", "must be between 1 and " + MAX_HORIZON));
            }
        }
        if (!errors.isEmpty()) {
            String detail = String.join(
                    "; ",
                    errors.stream().map(e -> e.field() + ": " + e.message()).toList());
            throw new ProblemException(400, "invalid-request", "Invalid request", detail, errors);
        }
        return predictions;
    }
}
