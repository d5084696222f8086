package dev.whatmoved.metrics.announce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.events.EventType;
import dev.whatmoved.events.MetricAnnounced;
import dev.whatmoved.events.MetricRollup;
import dev.whatmoved.metrics.domain.BucketState;
import dev.whatmoved.metrics.domain.Dimensions;
import dev.whatmoved.metrics.domain.Granularity;
import dev.whatmoved.metrics.domain.MetricDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Makes the Kafka record of a bucket's {@code dev.whatmoved.metric.rollup.v1} event: a CloudEvent in Kafka's binary
 * mode (attributes in {@code ce_*} headers, the JSON data as value, as the kit's outbox relay writes them), keyed by
 * the metric.
 *
 * <p>The event id is derived from the bucket and its revision, so an announcement sent again (a crash after the broker
 * acknowledged it, before the bucket was marked announced) carries the same id as the first: consumers deduplicate on
 * it, and a higher revision is a new event.
 */
public final class RollupEvents {

    private static final EventType TYPE = EventType.METRIC_ROLLUP;
    private static final byte[] SPEC_VERSION = bytes("1.0");
    private static final byte[] TYPE_BYTES = bytes(TYPE.type());
    private static final byte[] DATA_SCHEMA = bytes(TYPE.dataSchema().toString());
    private static final byte[] JSON = bytes("application/json");
    private static final byte[] WATERMARK_TYPE = bytes(EventType.METRIC_ANNOUNCED.type());
    private static final byte[] WATERMARK_SCHEMA =
            bytes(EventType.METRIC_ANNOUNCED.dataSchema().toString());

    private final ObjectMapper json;
    private final byte[] source;
    private final ZoneId zone;

    /**
     * @param source the CloudEvents {@code source} of this service
     * @param zone the reporting zone (a day bucket's subject names its date there)
     */
    public RollupEvents(ObjectMapper json, String source, ZoneId zone) {
        this.json = json;
        this.source = bytes(source);
        this.zone = zone;
    }

    /** The event of {@code bucket}'s current state; {@code metric} is its definition (null if unknown). */
    public ProducerRecord<byte[], byte[]> record(BucketState bucket, MetricDefinition metric, OffsetDateTime now) {
        Map<String, String> dimensions = Dimensions.parse(bucket.dimensions());
        MetricRollup data = new MetricRollup(
                bucket.metric(),
                bucket.granularity().id(),
                bucket.bucketStart(),
                bucket.sum(),
                bucket.count(),
                bucket.revision(),
                dimensions,
                bucket.min(),
                bucket.max(),
                bucket.denominator(),
                bucket.lastValue(),
                bucket.lastAt(),
                metric == null ? null : metric.aggregation().id());
        byte[] value;
        try {
            value = json.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a rollup event", e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add("ce_id", bytes(id(bucket).toString()));
        headers.add("ce_source", source);
        headers.add("ce_type", TYPE_BYTES);
        headers.add("content-type", JSON);
        headers.add("ce_dataschema", DATA_SCHEMA);
        headers.add("ce_subject", bytes(subject(bucket, dimensions)));
        headers.add(
                "ce_time",
                bytes(now.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        return new ProducerRecord<>(TYPE.topic(), null, bytes(bucket.metric()), value, headers);
    }

    /**
     * The {@code metric.announced.v1} watermark of {@code metric}: every point ingested before {@code through} is in an
     * event sent before this one (on the metric's partition, so a consumer sees them first).
     */
    public ProducerRecord<byte[], byte[]> watermark(String metric, Instant through, OffsetDateTime now) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(new MetricAnnounced(metric, through));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a watermark event", e);
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", SPEC_VERSION);
        headers.add(
                "ce_id",
                bytes(UUID.nameUUIDFromBytes(bytes(metric + "\nannounced\n" + through))
                        .toString()));
        headers.add("ce_source", source);
        headers.add("ce_type", WATERMARK_TYPE);
        headers.add("content-type", JSON);
        headers.add("ce_dataschema", WATERMARK_SCHEMA);
        headers.add("ce_subject", bytes(metric));
        headers.add(
                "ce_time",
                bytes(now.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
        return new ProducerRecord<>(TYPE.topic(), null, bytes(metric), value, headers);
    }

    /** The event id of a bucket's revision: the same whenever that revision is announced. */
    public static UUID id(BucketState bucket) {
        String name = String.join(
                "\n",
                bucket.metric(),
                bucket.granularity().id(),
                bucket.dimensions(),
                bucket.bucketStart().toString(),
                Long.toString(bucket.revision()));
        return UUID.nameUUIDFromBytes(bytes(name));
    }

    /** {@code signups/day/2026-11-01}, {@code signups/hour/2026-11-01T10:00:00Z}, then {@code /country=de,...}. */
    private String subject(BucketState bucket, Map<String, String> dimensions) {
        String when = bucket.granularity() == Granularity.DAY
                ? LocalDate.ofInstant(bucket.bucketStart(), zone).toString()
                : bucket.bucketStart().toString();
        StringBuilder subject = new StringBuilder(bucket.metric())
                .append('/')
                .append(bucket.granularity().id())
                .append('/')
                .append(when);
        if (!dimensions.isEmpty()) {
            subject.append('/');
            int at = subject.length();
            dimensions.forEach((k, v) -> subject.append(subject.length() == at ? "" : ",")
                    .append(k)
                    .append('=')
                    .append(v));
        }
        return subject.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
