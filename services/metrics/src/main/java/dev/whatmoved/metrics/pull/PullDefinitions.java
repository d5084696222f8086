package dev.whatmoved.metrics.pull;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.metrics.catalogue.Catalogue;
import dev.whatmoved.metrics.service.MetricProblems;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Defines, changes, removes and reads the sources of pulled metrics. */
@ApplicationScoped
public class PullDefinitions {

    static final Duration DEFAULT_EVERY = Duration.ofMinutes(5);

    private final Catalogue catalogue;
    private final PullSources sources;
    private final PullRepository repository;
    private final PullConfig config;

    public PullDefinitions(Catalogue catalogue, PullSources sources, PullRepository repository, PullConfig config) {
        this.catalogue = catalogue;
        this.sources = sources;
        this.repository = repository;
        this.config = config;
    }

    /**
     * Sets the source of {@code metric}: checked whole (a 400 names every field at fault), then stored and due at once.
     * A change of what is pulled (kind, connection, query, watermark column, step, backfill) starts it again from its
     * backfill; a change of {@code every} alone keeps its watermark.
     */
    public Uni<PullRepository.Saved> define(String metric, SourceRequest request) {
        return catalogue.get(metric).chain(found -> {
            if (found == null) {
                throw ProblemException.notFound("metric", metric);
            }
            return repository.save(checked(metric, request), Instant.now());
        });
    }

    PullDefinition checked(String metric, SourceRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        PullSource source = null;
        if (request.kind() == null || request.kind().isBlank()) {
            errors.add(new Problem.FieldError("kind", "is required: one of " + String.join(", ", sources.kinds())));
        } else {
            source = sources.get(request.kind());
            if (source == null) {
                errors.add(new Problem.FieldError(
                        "kind",
                        "'" + request.kind() + "' is not a kind of source: one of "
                                + String.join(", ", sources.kinds())));
            }
        }
        if (request.connection() == null || request.connection().isBlank()) {
            errors.add(new Problem.FieldError(
                    "connection",
                    "is required: the name of a connection in configuration"
                            + " (whatmoved.metrics.pull.connections.<name>.url)"));
        } else if (config.connection(request.connection()) == null) {
            errors.add(new Problem.FieldError(
                    "connection",
                    "no connection named '" + request.connection() + "' in configuration"
                            + " (whatmoved.metrics.pull.connections." + request.connection() + ".url)"));
        }
        if (request.query() == null || request.query().isBlank()) {
            errors.add(new Problem.FieldError("query", "is required"));
        }
        Duration every = duration("every", request.every(), errors);
        if (every == null && request.every() == null) {
            every = DEFAULT_EVERY;
        }
        if (every != null && every.compareTo(config.minEvery()) < 0) {
            errors.add(new Problem.FieldError(
                    "every", "must be at least " + config.minEvery() + " (whatmoved.metrics.pull.min-every)"));
        }
        Duration step = duration("step", request.step(), errors);
        Duration backfill = duration("backfill", request.backfill(), errors);
        PullDefinition definition = new PullDefinition(
                metric,
                request.kind(),
                request.connection(),
                request.query(),
                request.watermarkColumn(),
                every,
                step,
                backfill);
        if (source != null && errors.stream().noneMatch(e -> e.field().equals("connection"))) {
            for (Problem.FieldError error : source.check(definition)) {
                if (errors.stream().noneMatch(e -> e.field().equals(error.field()))) {
                    errors.add(error);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw MetricProblems.invalid(errors);
        }
        return definition;
    }

    /** A positive ISO-8601 duration, or null when absent (or wrong: then {@code errors} names it). */
    private static Duration duration(String field, String text, List<Problem.FieldError> errors) {
        if (text == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(text);
            if (duration.isNegative() || duration.isZero()) {
                errors.add(new Problem.FieldError(field, "must be a positive duration"));
                return null;
            }
            return duration;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(
                    field, "must be an ISO-8601 duration such as PT5M, PT1H or P365D, not '" + text + "'"));
            return null;
        }
    }

    public Uni<PullState> find(String metric) {
        return repository.find(metric);
    }

    public Uni<List<PullState>> list() {
        return repository.list();
    }

    public Uni<Boolean> remove(String metric) {
        return repository.delete(metric);
    }

    public Uni<PullState> pullNow(String metric) {
        return repository.dueNow(metric, Instant.now());
    }
}
