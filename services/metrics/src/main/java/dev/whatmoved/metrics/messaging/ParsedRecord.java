package dev.whatmoved.metrics.messaging;

import dev.whatmoved.metrics.ingest.Checked;
import dev.whatmoved.metrics.ingest.PointReader;
import dev.whatmoved.metrics.model.RollupAccumulator;
import dev.whatmoved.metrics.service.IngestService;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** One metric-points record, read and checked (CPU only, no database transaction open). */
final class ParsedRecord {

    final int partition;
    /** The size of its value. */
    final int size;
    /**
     * The record, kept only when something of it goes to the dead-letter topic: a batch holds what many polls read, so
     * it keeps their sums, not their values.
     */
    ConsumerRecord<byte[], byte[]> record;

    Checked checked;
    String unreadable;
    /** In careful mode: the record's valid points, applied alone (the record is then kept). */
    RollupAccumulator alone;

    ParsedRecord(ConsumerRecord<byte[], byte[]> record) {
        this.partition = record.partition();
        this.size = record.value() == null ? 0 : record.value().length;
        this.record = record;
    }

    /**
     * Reads {@code record}'s points, adding the valid ones to {@code rollup}. A CloudEvent of another type than
     * {@link PointsConsumer#POINTS_TYPE} is skipped (so producers can add types); a record that is no CloudEvent is read
     * as a plain batch.
     */
    static ParsedRecord parse(ConsumerRecord<byte[], byte[]> record, RollupAccumulator rollup, IngestService ingest) {
        ParsedRecord p = new ParsedRecord(record);
        Header type = record.headers().lastHeader("ce_type");
        if (type != null && !PointsConsumer.POINTS_TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            p.record = null;
            return p; // another event type: skipped, so producers can add types
        }
        if (record.value() == null || record.value().length == 0) {
            p.unreadable = "the record has no value (a batch of points: JSON array or NDJSON)";
            return p;
        }
        String defaultMetric = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        p.checked = ingest.checkBlocking(sink -> PointReader.read(record.value(), sink), defaultMetric, rollup);
        if (p.checked.rejected() == 0) {
            p.record = null; // nothing of it goes to the dead-letter topic
        }
        return p;
    }
}
