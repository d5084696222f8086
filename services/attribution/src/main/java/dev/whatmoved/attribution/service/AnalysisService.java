package dev.whatmoved.attribution.service;

import dev.whatmoved.attribution.model.AnalysisWork;
import dev.whatmoved.attribution.model.ImpactAnalysis;
import dev.whatmoved.attribution.model.ImpactInput;
import dev.whatmoved.attribution.model.ImpactResult;
import dev.whatmoved.attribution.model.InvalidInputException;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ad-hoc analyses: checks the request, naming the field at fault, estimates its work against the budget of one request
 * (422 naming what to reduce), and runs the counterfactual model on it in the {@link AnalysisPool} (limits per caller
 * and in all, and a timeout). Needs no database; CPU only (a few milliseconds for a few hundred points, seconds at the
 * budget: see docs/api.md).
 */
@ApplicationScoped
public class AnalysisService {

    public static final double DEFAULT_ALPHA = 0.05;
    public static final int MAX_POINTS = 10_000;
    public static final int MAX_CONTROLS = 20;
    /** A week of hourly data; larger seasons make the model's fixed effects too many to fit quickly. */
    public static final int MAX_SEASON = 168;

    /** The model's result, and the alpha it was asked at (the default when the question gave none). */
    public record Answer(double alpha, ImpactResult result) {}

    private final ImpactAnalysis model = new ImpactAnalysis();
    private final AnalysesConfig config;
    private final AnalysisPool pool;

    public AnalysisService(AnalysesConfig config, AnalysisPool pool) {
        this.config = config;
        this.pool = pool;
    }

    /**
     * @param caller who asks (the token's subject): their analyses running at once are limited
     */
    public Answer analyse(String caller, AnalysisQuestion request) {
        if (request == null) {
            throw ProblemException.invalid("body", "must be an analysis request");
        }
        double[] response = series("response", request.response(), true);
        int n = response.length;
        if (n < 4) {
            throw ProblemException.invalid("response", "needs at least 4 values (3 before, 1 after)");
        }
        List<List<Double>> controlLists = request.controls() == null ? List.of() : request.controls();
        if (controlLists.size() > MAX_CONTROLS) {
            throw ProblemException.invalid("controls", "at most " + MAX_CONTROLS + " control series");
        }
        double[][] controls = new double[controlLists.size()][];
        for (int c = 0; c < controls.length; c++) {
            String field = "controls[" + c + "]";
            controls[c] = series(field, controlLists.get(c), false);
            if (controls[c].length != n) {
                throw ProblemException.invalid(
                        field, "has " + controls[c].length + " values, the response " + n + ": lengths must match");
            }
        }
        int[] pre = period("prePeriod", request.prePeriod(), n);
        int[] post = period("postPeriod", request.postPeriod(), n);
        if (post[0] <= pre[1]) {
            throw ProblemException.invalid(
                    "postPeriod",
                    "must start after the pre-period ends (index " + pre[1] + "); the periods overlap"
                            + " or are in the wrong order");
        }
        int observed = 0;
        for (int t = pre[0]; t <= pre[1]; t++) {
            observed += Double.isNaN(response[t]) ? 0 : 1;
        }
        if (observed < 3) {
            throw ProblemException.invalid(
                    "prePeriod", "holds " + observed + " observed response values; at least 3 are needed");
        }
        double alpha = request.alpha() == null ? DEFAULT_ALPHA : request.alpha();
        if (!(alpha > 0 && alpha < 0.5)) {
            throw ProblemException.invalid("alpha", "must be greater than 0 and less than 0.5");
        }
        int season = 0;
        if (request.season() != null) {
            season = request.season();
            int preLength = pre[1] - pre[0] + 1;
            if (season < 2) {
                throw ProblemException.invalid("season", "must be at least 2");
            }
            if (season > preLength) {
                throw ProblemException.invalid(
                        "season", "is longer than the pre-period (" + preLength + " points): a season must be seen");
            }
            if (season > MAX_SEASON) {
                throw ProblemException.invalid("season", "must be at most " + MAX_SEASON);
            }
        }
        AnalysisWork work = AnalysisWork.of(post[1] - pre[0] + 1, controls.length, season);
        if (!work.fits(config.maxWork())) {
            pool.refusedTooLarge();
            throw tooLarge(work, config.maxWork());
        }
        ImpactInput input = new ImpactInput(response, controls, pre[0], pre[1], post[0], post[1], alpha, season);
        try {
            ImpactResult result = pool.run(caller, () -> model.analyse(input));
            return new Answer(alpha, result);
        } catch (InvalidInputException e) {
            throw ProblemException.invalid(e.field(), e.reason());
        }
    }

    /** 422 naming, for each of window, controls and season, what would fit the budget with the others as they are. */
    static ProblemException tooLarge(AnalysisWork work, long budget) {
        List<Problem.FieldError> errors = new ArrayList<>();
        long window = work.longestWindowWithin(budget);
        errors.add(new Problem.FieldError(
                "prePeriod",
                "the window from prePeriod[0] to postPeriod[1] has " + number(work.window()) + " points; "
                        + (window >= 4 ? "at most " + number(window) : "not even 4")
                        + " fit with these controls and season"));
        if (work.controls() > 0) {
            int controls = work.mostControlsWithin(budget);
            errors.add(new Problem.FieldError(
                    "controls",
                    work.controls() + " control series (each is also checked alone); "
                            + (controls < 0 ? "even none would not fit" : "at most " + controls + " fit")
                            + " with this window and season"));
        }
        if (work.season() > 1) {
            int season = work.longestSeasonWithin(budget);
            errors.add(new Problem.FieldError(
                    "season",
                    "a season of " + work.season() + " adds " + (work.season() - 1) + " fixed effects; "
                            + (season < 2 ? "no season of 2 or more fits" : "at most " + season + " fits")
                            + " with this window and these controls"));
        }
        return new ProblemException(
                422,
                "analysis-too-large",
                "Analysis too large",
                "this analysis would take about " + number(work.units()) + " units of work, more than the "
                        + number(budget) + " one request may take (whatmoved.analyses.max-work): shorten the window,"
                        + " use fewer controls or a shorter season",
                errors);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The values of a series; a {@code null} entry is missing (NaN) where {@code missingAllowed}. */
    private static double[] series(String field, List<Double> values, boolean missingAllowed) {
        if (values == null || values.isEmpty()) {
            throw ProblemException.invalid(field, "must be a non-empty array of numbers");
        }
        if (values.size() > MAX_POINTS) {
            throw ProblemException.invalid(field, "at most " + MAX_POINTS + " values");
        }
        double[] series = new double[values.size()];
        for (int i = 0; i < series.length; i++) {
            Double v = values.get(i);
            if (v == null) {
                if (!missingAllowed) {
                    throw ProblemException.invalid(
                            field + "[" + i + "]", "must be a number (controls cannot miss values)");
                }
                series[i] = Double.NaN;
            } else if (!Double.isFinite(v)) {
                throw ProblemException.invalid(field + "[" + i + "]", "must be a finite number");
            } else {
                series[i] = v;
            }
        }
        return series;
    }

    private static int[] period(String field, List<Integer> period, int n) {
        if (period == null || period.size() != 2 || period.get(0) == null || period.get(1) == null) {
            throw ProblemException.invalid(field, "must be [firstIndex, lastIndex]");
        }
        int first = period.get(0);
        int last = period.get(1);
        if (first > last) {
            throw ProblemException.invalid(field, "is reversed: " + first + " comes after " + last);
        }
        if (first < 0 || last >= n) {
            throw ProblemException.invalid(
                    field,
                    "must lie inside the series: indices 0 to " + (n - 1) + ", got [" + first + ", " + last + "]");
        }
        return new int[] {first, last};
    }
}
