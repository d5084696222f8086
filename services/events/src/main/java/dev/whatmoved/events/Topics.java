package dev.whatmoved.events;

import java.util.List;
import java.util.stream.Stream;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {

    public static final String FEATURES = "whatmoved.features";
    public static final String RELEASES = "whatmoved.releases";
    public static final String METRIC_POINTS = "whatmoved.metric-points";
    public static final String METRIC_ROLLUPS = "whatmoved.metric-rollups";
    /** Which rollup series each consumer of {@link #METRIC_ROLLUPS} reads ({@code metric.interest.v1}). */
    public static final String METRIC_INTEREST = "whatmoved.metric-interest";

    public static final String OUTCOMES = "whatmoved.outcomes";
    /** CDEvents ({@code dev.cdevents.service.*}) from CD systems that publish to Kafka. */
    public static final String CDEVENTS = "whatmoved.cdevents";

    private Topics() {}

    /** Every topic of the system, dead-letter topics included: what a platform creates before the services start. */
    public static List<String> all() {
        return Stream.of(FEATURES, RELEASES, METRIC_POINTS, METRIC_ROLLUPS, METRIC_INTEREST, OUTCOMES, CDEVENTS)
                .flatMap(topic -> Stream.of(topic, deadLetter(topic)))
                .toList();
    }

    /** The dead-letter topic of a topic: records that could not be processed, with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
