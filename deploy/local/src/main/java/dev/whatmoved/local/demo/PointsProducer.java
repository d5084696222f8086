package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.events.Topics;
import dev.whatmoved.local.LauncherException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The analytics platform's export to {@code whatmoved.metric-points}: one record per metric and week, keyed by the
 * metric (so a metric's points stay in order on one partition), its value a JSON array of the week's points.
 */
final class PointsProducer implements AutoCloseable {

    /** Points per record: a week of daily totals. */
    static final int POINTS_PER_RECORD = 7;

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrap;

    PointsProducer(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "whatmoved-demo-export");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
    }

    /**
     * Produces the metric's points and waits until the broker has every record.
     *
     * @return how many records were produced
     */
    int send(String metric, List<MetricSeries.Point> points) {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (int from = 0; from < points.size(); from += POINTS_PER_RECORD) {
            ArrayNode batch = Http.JSON.createArrayNode();
            for (MetricSeries.Point point : points.subList(from, Math.min(points.size(), from + POINTS_PER_RECORD))) {
                ObjectNode node = batch.addObject();
                node.put("timestamp", point.middle().toString());
                node.put("value", point.value());
            }
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.METRIC_POINTS, metric, batch.toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            sent.add(producer.send(record));
        }
        producer.flush();
        try {
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new LauncherException("could not produce " + metric + " points to Kafka at " + bootstrap, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while producing points", e);
        }
        return sent.size();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
