package dev.whatmoved.metrics.pull.prometheus;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.metrics.domain.Aggregation;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.pull.PullConfig;
import dev.whatmoved.metrics.pull.PullConnection;
import dev.whatmoved.metrics.pull.PullDefinition;
import dev.whatmoved.metrics.pull.PullRequest;
import dev.whatmoved.metrics.pull.PullSource;
import dev.whatmoved.metrics.pull.Pulled;
import dev.whatmoved.metrics.pull.PulledRow;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pulls a metric from Prometheus: its PromQL expression as a range query at the definition's {@code step}
 * ({@link PullWindow} says which evaluations and where they are stored). The first pull backfills what the server
 * keeps (its retention, from the first whole day it holds) unless the definition sets a {@code backfill}; later pulls
 * start from the watermark (the last evaluation pulled) less an overlap, at that day's start.
 *
 * <p>Each series' labels become the point's dimensions, and must be dimensions of the metric: an expression that keeps
 * other labels ({@code instance}, {@code job}) fails with a message saying to aggregate them away, because two series
 * would otherwise land on one dimension combination. {@code ${step}} in the expression is replaced by the step in
 * seconds ({@code increase(signups_total[${step}])}).
 */
@ApplicationScoped
public class PrometheusSource implements PullSource {

    public static final String KIND = "prometheus";

    /** How far before the watermark a pull re-reads at least: Prometheus' default lookback, room for late scrapes. */
    static final Duration MIN_OVERLAP = Duration.ofMinutes(5);

    /** The retention assumed when the server limits its storage by size only (Prometheus' default time retention). */
    static final Duration DEFAULT_RETENTION = Duration.ofDays(15);

    private static final Duration DAY = Duration.ofDays(1);

    private final PullConfig config;

    public PrometheusSource(PullConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Problem.FieldError> check(PullDefinition definition) {
        // the framework checks that the query is there
        List<Problem.FieldError> errors = new ArrayList<>();
        Duration step = definition.step();
        if (step == null) {
            errors.add(new Problem.FieldError(
                    "step", "is required for a prometheus source: the range query's resolution, e.g. PT1M or PT1H"));
        } else if (step.toMillis() < 1000 || step.toMillis() % 1000 != 0 || DAY.toSeconds() % step.toSeconds() != 0) {
            errors.add(new Problem.FieldError(
                    "step", "must be whole seconds that divide a day (PT1M, PT5M, PT1H, P1D, ...), not " + step));
        }
        return errors;
    }

    @Override
    public Pulled fetch(PullRequest request) {
        MetricDefinition metric = request.metric();
        if (metric.aggregation() == Aggregation.RATIO) {
            throw new PrometheusException(
                    "unsupported",
                    metric.key() + " is a ratio metric: a PromQL expression gives one value per step, not a numerator"
                            + " and a denominator (pull the two sums as two metrics)",
                    false,
                    null);
        }
        PullDefinition definition = request.definition();
        Duration step = definition.step();
        PrometheusClient client = client(request.connection());
        PullWindow window = PullWindow.of(start(request, client), request.now(), step, request::dayStart);
        if (window.isEmpty()) {
            return Pulled.nothing();
        }
        String expression = definition.query().replace("${step}", PrometheusDurations.promql(step));
        Matrix matrix = client.queryRange(window.query(expression));
        if (matrix.skippedCount() > 0) {
            Log.warnf(
                    "pull of %s: %d samples hold no finite number and were left out, e.g. %s",
                    metric.key(), matrix.skippedCount(), matrix.skipped().get(0));
        }
        matrix.warnings().forEach(w -> Log.warnf("pull of %s: %s warns: %s", metric.key(), client.server(), w));
        List<PulledRow> rows = new ArrayList<>((int) Math.min(matrix.samples(), Integer.MAX_VALUE));
        for (Matrix.Series series : matrix.series()) {
            Map<String, String> dimensions = dimensions(metric, series.labels());
            for (Matrix.Sample sample : series.samples()) {
                rows.add(PulledRow.of(sample.timestamp().minus(step), sample.value(), dimensions));
            }
        }
        return new Pulled(rows, window.end().toString());
    }

    /** Where this pull's first day begins (before the day's start is taken). */
    private static Instant start(PullRequest request, PrometheusClient client) {
        Duration step = request.definition().step();
        if (request.watermark() != null) {
            Duration overlap = step.compareTo(MIN_OVERLAP) > 0 ? step : MIN_OVERLAP;
            Instant start = Instant.parse(request.watermark()).minus(overlap);
            // pulls leave what is older than the backfill alone
            Instant limit = request.backfillFrom();
            return limit != null && start.isBefore(limit) ? limit : start;
        }
        if (request.backfillFrom() != null) {
            return request.backfillFrom();
        }
        Duration retention = client.retention().orElse(DEFAULT_RETENTION);
        // the first whole day the server still holds: an older day would be replaced by its remainder only
        return request.dayStart(request.now().minus(retention)).plus(DAY);
    }

    private static Map<String, String> dimensions(MetricDefinition metric, Map<String, String> labels) {
        for (String label : labels.keySet()) {
            if (!metric.allowsDimension(label)) {
                throw new PrometheusException(
                        "bad_labels",
                        "series " + labels + ": label '" + label + "' is not a dimension of " + metric.key()
                                + " (its dimensions: " + metric.dimensions() + "); aggregate it away in the expression,"
                                + " e.g. sum by (" + String.join(", ", metric.dimensions()) + ") (...)",
                        false,
                        null);
            }
        }
        return labels;
    }

    private PrometheusClient client(PullConnection connection) {
        // a user: basic authentication; a password alone: a bearer token
        PrometheusCredentials credentials =
                connection.user().filter(u -> !u.isBlank()).isPresent()
                        ? PrometheusCredentials.basic(
                                connection.user().get(), connection.password().orElse(""))
                        : connection
                                .password()
                                .filter(p -> !p.isBlank())
                                .map(PrometheusCredentials::bearer)
                                .orElse(PrometheusCredentials.NONE);
        return new PrometheusClient(
                "Prometheus of connection '" + connection.name() + "'",
                URI.create(connection.url()),
                credentials,
                config.timeout());
    }
}
