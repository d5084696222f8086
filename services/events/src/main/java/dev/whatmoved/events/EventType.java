package dev.whatmoved.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every CloudEvents {@code type} whatmoved publishes or takes in, with the topic it travels on, the payload record and the JSON
 * Schema of its data (a file in {@code docs/events/}).
 */
public enum EventType {
    FEATURE_COMMITTED("dev.whatmoved.feature.committed.v1", Topics.FEATURES, FeatureCommitted.class),
    FEATURE_AMENDED("dev.whatmoved.feature.amended.v1", Topics.FEATURES, FeatureAmended.class),
    RELEASE_DEPLOYED("dev.whatmoved.release.deployed.v1", Topics.RELEASES, ReleaseDeployed.class),
    RELEASE_ROLLED_BACK("dev.whatmoved.release.rolledback.v1", Topics.RELEASES, ReleaseRolledBack.class),
    /**
     * A batch of points an exporter puts on {@link Topics#METRIC_POINTS}: a JSON array (or NDJSON) of points, read by
     * metrics' own streaming readers, so its payload type is the array, not a record.
     */
    METRIC_POINTS("dev.whatmoved.metric.points.v1", Topics.METRIC_POINTS, ArrayNode.class),
    METRIC_ROLLUP("dev.whatmoved.metric.rollup.v1", Topics.METRIC_ROLLUPS, MetricRollup.class),
    METRIC_ANNOUNCED("dev.whatmoved.metric.announced.v1", Topics.METRIC_ROLLUPS, MetricAnnounced.class),
    METRIC_INTEREST("dev.whatmoved.metric.interest.v1", Topics.METRIC_INTEREST, MetricInterest.class),
    OUTCOME_MEASURED("dev.whatmoved.outcome.measured.v1", Topics.OUTCOMES, OutcomeMeasured.class),
    OUTCOME_GUARDRAIL_BREACHED(
            "dev.whatmoved.outcome.guardrail-breached.v1", Topics.OUTCOMES, OutcomeGuardrailBreached.class);

    private static final String SCHEMA_BASE = "https://whatmoved.dev/events/";

    private final String type;
    private final String topic;
    private final Class<?> payloadType;

    EventType(String type, String topic, Class<?> payloadType) {
        this.type = type;
        this.topic = topic;
        this.payloadType = payloadType;
    }

    /** The CloudEvents {@code type} attribute. */
    public String type() {
        return type;
    }

    public String topic() {
        return topic;
    }

    public Class<?> payloadType() {
        return payloadType;
    }

    /** File name of the data schema, e.g. {@code release.deployed.v1.schema.json}. */
    public String schemaFile() {
        return type.substring("dev.whatmoved.".length()) + ".schema.json";
    }

    /** Classpath resource of the data schema (packaged from {@code docs/events/}). */
    public String schemaResource() {
        return "dev/whatmoved/events/schemas/" + schemaFile();
    }

    /** The CloudEvents {@code dataschema} attribute: the schema's {@code $id}. */
    public URI dataSchema() {
        return URI.create(SCHEMA_BASE + schemaFile());
    }

    public static Optional<EventType> fromType(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
