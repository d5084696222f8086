package dev.whatmoved.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each answer the console reads, as its service gives it (in src/test/resources/answers: the examples of docs/metrics.md,
 * and answers shaped by the services' own view records, e.g. features' {@code ReleaseView}, attribution's
 * {@code OutputsView}), read into the console's record: every field the console uses is there. A field renamed
 * by a service fails here, naming the record component, instead of leaving an empty cell on a page. A plain
 * {@link ObjectMapper} (no Quarkus start: well under a second), so the records carry their own tolerance of the fields
 * they do not read.
 */
class ServiceAnswersTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void metricsDefinition() throws IOException {
        MetricDefinition metric = read("metrics/definition.json", new TypeReference<>() {});

        assertEveryFieldRead(metric);
        assertThat(metric.key()).isEqualTo("checkout.conversion");
        assertThat(metric.goodDirection()).isEqualTo("up");
    }

    @Test
    void metricsCatalogue() throws IOException {
        List<MetricDefinition> catalogue = read("metrics/catalogue.json", new TypeReference<>() {});

        assertEveryFieldRead(catalogue);
        assertThat(catalogue).extracting(MetricDefinition::key).containsExactly("checkout.conversion");
    }

    @Test
    void metricsSeries() throws IOException {
        MetricSeries series = read("metrics/series.json", new TypeReference<>() {});

        assertEveryFieldRead(series);
        assertThat(series.buckets()).containsExactly(new MetricSeries.Bucket("2026-11-17T00:00:00Z", 130.0));
    }

    @Test
    void featuresRelease() throws IOException {
        Release release = read("features/release.json", new TypeReference<>() {});

        assertEveryFieldRead(release);
        assertThat(release.features()).containsExactly("checkout-one-click");
        assertThat(release.deployedAt()).isEqualTo("2026-11-16T10:15:00Z");
    }

    @Test
    void featuresReleaseList() throws IOException {
        ItemPage<Release> page = read("features/releases.json", new TypeReference<>() {});

        assertEveryFieldRead(page);
        assertThat(page.total()).isEqualTo(41);
        assertThat(page.items()).extracting(Release::service).containsExactly("checkout");
    }

    @Test
    void featuresList() throws IOException {
        ItemPage<FeatureSummary> page = read("features/features.json", new TypeReference<>() {});

        assertEveryFieldRead(page);
        assertThat(page.items())
                .containsExactly(new FeatureSummary(
                        "checkout-one-click",
                        "One-click checkout",
                        "payments",
                        "ana",
                        "shipped",
                        "2026-11-16T10:15:00Z"));
    }

    @Test
    void attributionOutputsVsOutcomes() throws IOException {
        OutputsVsOutcomes outputs = read("attribution/outputs-vs-outcomes.json", new TypeReference<>() {});

        assertEveryFieldRead(outputs);
        assertThat(outputs.rows())
                .containsExactly(new OutputsVsOutcomes.Row("payments", "2026-Q4", 3, 12, 1, 4, 1, 1, 1, 1, 1));
    }

    private <T> T read(String answer, TypeReference<T> type) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/answers/" + answer)) {
            assertThat(in).as(answer).isNotNull();
            return json.readValue(in, type);
        }
    }

    /** Every component of every record reached is set, and every list has an item (the examples fill them all). */
    static void assertEveryFieldRead(Object value) {
        check(value, "answer");
    }

    private static void check(Object value, String path) {
        assertThat(value).as(path + " (renamed or missing in the answer?)").isNotNull();
        if (value instanceof Collection<?> items) {
            assertThat(items).as(path).isNotEmpty();
            int i = 0;
            for (Object item : items) {
                check(item, path + "[" + i++ + "]");
            }
        } else if (value.getClass().isRecord()) {
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                check(component(value, component), path + "." + component.getName());
            }
        }
    }

    private static Object component(Object record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError(component.getName(), e);
        }
    }
}
