package dev.whatmoved.metrics.pull;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.config.MetricsConfig;
import dev.whatmoved.metrics.domain.MetricDefinition;
import dev.whatmoved.metrics.ingest.PointInput;
import dev.whatmoved.metrics.ingest.PointSink;
import dev.whatmoved.metrics.service.HistoryImport;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs one pull of one definition: asks its {@link PullSource} for what is new, then stores the rows through the history
 * import (which replaces the buckets they fall into) together with the new watermark, in one transaction. A failure of
 * any step is recorded on the definition (its status in the API, the readiness check) and counted; it never escapes,
 * so one failing source does not stop the others.
 */
@ApplicationScoped
public class PullRunner {

    private final PullSources sources;
    private final PullRepository repository;
    private final Catalogue catalogue;
    private final HistoryImport history;
    private final PullConfig config;
    private final MetricsConfig metricsConfig;
    private final PullMetrics metrics;
    private final Clock clock = Clock.systemUTC();

    public PullRunner(
            PullSources sources,
            PullRepository repository,
            Catalogue catalogue,
            HistoryImport history,
            PullConfig config,
            MetricsConfig metricsConfig,
            PullMetrics metrics) {
        this.sources = sources;
        this.repository = repository;
        this.catalogue = catalogue;
        this.history = history;
        this.config = config;
        this.metricsConfig = metricsConfig;
        this.metrics = metrics;
    }

    /** Pulls {@code state}'s definition once and records how it went; blocking. Whether it succeeded. */
    public boolean run(PullState state) {
        PullDefinition definition = state.definition();
        PullConnection connection = config.connection(definition.connection());
        Instant now = clock.instant();
        try {
            PullSource source = sources.get(definition.kind());
            if (source == null) {
                throw new IllegalStateException("no pull source of kind '" + definition.kind() + "' in this build");
            }
            if (connection == null) {
                throw new IllegalStateException("no connection named '" + definition.connection()
                        + "' in configuration (whatmoved.metrics.pull.connections." + definition.connection()
                        + ".url)");
            }
            MetricDefinition metric = catalogue.getBlocking(definition.metric());
            Pulled pulled = source.fetch(new PullRequest(
                    definition, metric, connection, state.watermark(), now, metricsConfig.reportingZone()));
            long rows = pulled.rows().size();
            if (rows == 0) {
                repository
                        .succeeded(definition.metric(), state.version(), 0, clock.instant())
                        .await()
                        .atMost(config.timeout());
            } else {
                store(state, metric, pulled);
            }
            metrics.succeeded(definition, rows, clock.instant());
            Log.debugf("pulled %s: %d rows, watermark %s", definition.metric(), rows, pulled.watermark());
            return true;
        } catch (Exception | LinkageError e) {
            String error = connection == null ? describe(e) : connection.redact(describe(e));
            if (error.equals(state.lastError())) { // told once per error, not at every pull
                Log.debugf("pull of %s failed again: %s", definition.metric(), error);
            } else {
                Log.warnf(
                        "pull of %s (%s, connection %s) failed: %s",
                        definition.metric(), definition.kind(), definition.connection(), error);
            }
            metrics.failed(definition);
            try {
                repository
                        .failed(definition.metric(), state.version(), error, clock.instant())
                        .await()
                        .atMost(config.timeout());
            } catch (RuntimeException recording) {
                Log.warnf("could not record the failed pull of %s: %s", definition.metric(), recording.toString());
            }
            return false;
        }
    }

    private void store(PullState state, MetricDefinition metric, Pulled pulled) {
        List<PulledRow> rows = pulled.rows();
        history.importHistory(
                        metric,
                        sink -> feed(rows, sink),
                        conn -> repository.succeeded(
                                conn, metric.key(), state.version(), pulled.watermark(), rows.size(), clock.instant()))
                .await()
                .atMost(config.timeout());
    }

    private static void feed(List<PulledRow> rows, PointSink sink) {
        for (int i = 0; i < rows.size(); i++) {
            PulledRow row = rows.get(i);
            PointInput point = new PointInput();
            point.timestamp = row.timestamp();
            point.value = row.value();
            point.numerator = row.numerator();
            point.denominator = row.denominator();
            point.dimensions = row.dimensions() == null || row.dimensions().isEmpty() ? null : row.dimensions();
            point.line = i + 1;
            point.index = i;
            sink.point(point);
        }
    }

    /** The error as an operator reads it: a refused import names its rows, anything else its class and message. */
    static String describe(Throwable e) {
        if (e instanceof ProblemException problem) {
            String fields =
                    problem.errors().stream().limit(5).map(PullRunner::describe).collect(Collectors.joining("; "));
            return problem.title() + ": " + (fields.isEmpty() ? problem.getMessage() : fields);
        }
        StringBuilder text =
                new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        Throwable cause = e.getCause();
        if (cause != null
                && cause != e
                && cause.getMessage() != null
                && !text.toString().contains(cause.getMessage())) {
            text.append(" (").append(cause.getMessage()).append(')');
        }
        return text.length() > 2000 ? text.substring(0, 2000) + "…" : text.toString();
    }

    private static String describe(Problem.FieldError error) {
        return error.field().replace("line ", "row ") + ": " + error.message();
    }
}
