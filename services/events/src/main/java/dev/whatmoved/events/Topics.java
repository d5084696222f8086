package dev.whatmoved.events;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {

    public static final String FEATURES = "whatmoved.features";
    public static final String RELEASES = "whatmoved.releases";
    public static final String METRIC_POINTS = "whatmoved.metric-points";
    public static final String METRIC_ROLLUPS = "whatmoved.metric-rollups";
    public static final String OUTCOMES = "whatmoved.outcomes";

    private Topics() {}

    /** The dead-letter topic of a topic: records that could not be processed, with the reason in headers. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
