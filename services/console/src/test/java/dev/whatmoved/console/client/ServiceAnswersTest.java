package dev.whatmoved.console.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Each answer the console reads, as its service gives it (in src/test/resources/answers: the examples of docs/metrics.md
 * and docs/statistics.md, and answers shaped by the services' own view records, every field of them in their order,
 * e.g. features' {@code ReleaseView} and {@code FeatureView}, attribution's {@code OutputsView}, {@code OutcomeView},
 * {@code ReleaseOutcomes} and {@code CalibrationView}), read into the console's record: every field the console uses is
 * there. A field renamed by a service fails here, naming the record component, instead of leaving an empty cell on a
 * page. A plain {@link ObjectMapper} (no Quarkus start: well under a second), so the records carry their own tolerance
 * of the fields they do not read.
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

    @Test
    void featuresFeature() throws IOException {
        // Reviews and warnings come with a draft or committed feature, releases and amendments once it shipped.
        FeatureDetail committed = read("features/feature-committed.json", new TypeReference<>() {});
        FeatureDetail shipped = read("features/feature-shipped.json", new TypeReference<>() {});

        assertEveryFieldRead(committed, shipped);
        assertThat(committed.tracker().key()).isEqualTo("SHOP-123");
        FeatureDetail.Review review = committed.predictions().get(0).review();
        assertThat(review.firstDetectableDay()).isEqualTo(30);
        assertThat(review.checkpoints())
                .extracting(FeatureDetail.Checkpoint::mdePct)
                .containsExactly(null, 2.25);
        assertThat(committed.predictions().get(1).isGuardrail()).isTrue();
        assertThat(committed.predictions().get(1).review().available()).isFalse();
        assertThat(shipped.history())
                .extracting(FeatureDetail.Prediction::version)
                .containsExactly(1, 2);
        assertThat(shipped.releases())
                .extracting(FeatureDetail.ReleaseSummary::deployedAt)
                .containsExactly("2026-11-16T10:15:00Z");
    }

    @Test
    void attributionOutcomes() throws IOException {
        // GET /api/features/{key}/outcomes and GET /api/metrics/{key}/attributions: both a list of OutcomeView.
        List<Outcome> outcomes = read("attribution/outcomes.json", new TypeReference<>() {});

        assertEveryFieldRead(outcomes);
        Outcome measured = outcomes.get(0);
        assertThat(measured.measured()).isTrue();
        assertThat(measured.window().postTo()).isEqualTo("2026-11-23");
        assertThat(measured.sequential().earlyRead()).isTrue();
        assertThat(measured.model().scaleWeights()).containsEntry("multiplicative", 0.8);
        assertThat(measured.confounders())
                .extracting(Outcome.Confounder::period)
                .containsExactly("post");
        Outcome guardrail = outcomes.get(1);
        assertThat(guardrail.prediction().isGuardrail()).isTrue();
        assertThat(guardrail.breached()).isFalse();
        assertThat(guardrail.outliers()).isEmpty();
    }

    @Test
    void attributionReleaseOutcomesWithAPendingCheckpoint() throws IOException {
        ReleaseOutcomes release = read("attribution/release-outcomes.json", new TypeReference<>() {});

        assertThat(release.outcomes()).hasSize(1);
        Outcome pending = release.outcomes().get(0);
        assertThat(pending.verdict()).isEqualTo("pending");
        assertThat(pending.measured()).isFalse();
        assertThat(pending.days()).isEqualTo(14);
        assertThat(pending.dueAt()).isEqualTo("2026-12-01T06:00:00Z");
        // Nulls stay missing: no window, no diagnostics; lists answered null read as none.
        assertThat(pending.window()).isNull();
        assertThat(pending.sequential()).isNull();
        assertThat(pending.outliers()).isEmpty();
        assertThat(pending.confounders()).isEmpty();
    }

    @Test
    void attributionCalibration() throws IOException {
        Calibration calibration = read("attribution/calibration.json", new TypeReference<>() {});

        assertEveryFieldRead(calibration);
        assertThat(calibration.counts().scored()).isEqualTo(2);
        assertThat(calibration.relative().relativeBrierScore()).isEqualTo(0.5);
        assertThat(calibration.quarters())
                .extracting(Calibration.Quarter::brierScore)
                .containsExactly(null, 0.09);
        assertThat(calibration.predictions())
                .extracting(Calibration.PredictionScore::unscored)
                .containsExactly(false, true);
    }

    @Test
    void attributionAnalysis() throws IOException {
        Analysis analysis = read("attribution/analysis.json", new TypeReference<>() {});

        assertEveryFieldRead(analysis);
        assertThat(analysis.pointwise()).contains(new Analysis.Point(35, "post", 177.437, 170.0498, 184.8243));
    }

    @Test
    void attributionAnalysisRequest() throws IOException {
        // The fields of attribution's AnalysisRequest (docs/api.md), a missing day as null.
        Analysis.Request request =
                new Analysis.Request(Arrays.asList(164.0, null, 170.0), List.of(0, 1), List.of(2, 2), 7);

        assertThat(json.readTree(json.writeValueAsString(request)))
                .isEqualTo(
                        json.readTree(
                                "{\"response\": [164.0, null, 170.0], \"prePeriod\": [0, 1], \"postPeriod\": [2, 2], \"season\": 7}"));
    }

    private <T> T read(String answer, TypeReference<T> type) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/answers/" + answer)) {
            assertThat(in).as(answer).isNotNull();
            return json.readValue(in, type);
        }
    }

    /**
     * Every component of every record type reached is set, and every list and map holds something, in at least one of
     * the answers (one of a list's items will do): the examples fill them all between them, as a real answer leaves
     * some null (a pending outcome has no effect, a current prediction no amendment, a shipped feature no review).
     */
    static void assertEveryFieldRead(Object... answers) {
        Map<String, Boolean> set = new TreeMap<>();
        for (Object answer : answers) {
            assertThat(answer).as("answer").isNotNull();
            collect(answer, set);
        }
        assertThat(set.entrySet().stream()
                        .filter(field -> !field.getValue())
                        .map(Map.Entry::getKey)
                        .toList())
                .as("fields null or empty in every answer (renamed or missing in the answer?)")
                .isEmpty();
    }

    private static void collect(Object value, Map<String, Boolean> set) {
        if (value instanceof Collection<?> items) {
            items.forEach(item -> collect(item, set));
        } else if (value instanceof Map<?, ?> entries) {
            entries.values().forEach(entry -> collect(entry, set));
        } else if (value != null && value.getClass().isRecord()) {
            String type = value.getClass()
                    .getName()
                    .substring(value.getClass().getPackageName().length() + 1);
            for (RecordComponent component : value.getClass().getRecordComponents()) {
                Object field = component(value, component);
                boolean present = field != null
                        && !(field instanceof Collection<?> items && items.isEmpty())
                        && !(field instanceof Map<?, ?> entries && entries.isEmpty());
                set.merge(type.replace('$', '.') + "." + component.getName(), present, Boolean::logicalOr);
                collect(field, set);
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
