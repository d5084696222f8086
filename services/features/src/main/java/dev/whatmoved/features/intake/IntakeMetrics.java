package dev.whatmoved.features.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Release intake for {@code /q/metrics}: {@code whatmoved_releases_intake_total{source, result}}. The source is one of
 * {@link ReleaseIntake#API}, {@link ReleaseIntake#GITHUB}, {@link ReleaseIntake#GITLAB}, {@link
 * ReleaseIntake#CDEVENTS} (over HTTP or Kafka); the result one of {@link #STORED} (a new release), {@link #DUPLICATE}
 * (a delivery seen before: nothing changed), {@link #IGNORED} (a webhook delivery or CDEvent that is no release: a ping,
 * another event type, a status that is not a success) and {@link #REJECTED} (refused: a 4xx answer, or a CDEvent
 * dead-lettered).
 */
// at start: its series exist (at zero) before the first point or delivery, for dashboards and rate()
@Startup
@ApplicationScoped
public class IntakeMetrics {

    public static final String STORED = "stored";
    public static final String DUPLICATE = "duplicate";
    public static final String IGNORED = "ignored";
    public static final String REJECTED = "rejected";

    private static final List<String> SOURCES =
            List.of(ReleaseIntake.API, ReleaseIntake.GITHUB, ReleaseIntake.GITLAB, ReleaseIntake.CDEVENTS);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
        // each source's stored series from the start, so a rate() has a zero to begin from
        SOURCES.forEach(source -> counter(source, STORED));
    }

    /** Counts one delivery of {@code source} with {@code result}; an unknown source is counted as {@code other}. */
    public void count(String source, String result) {
        counter(SOURCES.contains(source) ? source : "other", result).increment();
    }

    /** Counts a release intake's result: {@link #STORED} when it created the release, else {@link #DUPLICATE}. */
    public void count(String source, IntakeResult result) {
        count(source, result.created() ? STORED : DUPLICATE);
    }

    private Counter counter(String source, String result) {
        return counters.computeIfAbsent(source + '|' + result, k -> Counter.builder("whatmoved.releases.intake")
                .tag("source", source)
                .tag("result", result)
                .description("Release deliveries, by source and what became of them")
                .register(registry));
    }
}
