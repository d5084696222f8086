package dev.whatmoved.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.client.attribution.api.CalibrationResourceApi;
import dev.whatmoved.client.attribution.api.OutcomeResourceApi;
import dev.whatmoved.client.attribution.model.CalibrationView;
import dev.whatmoved.client.attribution.model.OutcomeView;
import dev.whatmoved.client.attribution.model.ReleaseOutcomes;
import dev.whatmoved.client.features.api.FeatureResourceApi;
import dev.whatmoved.client.features.api.ReleaseResourceApi;
import dev.whatmoved.client.features.model.FeatureRequest;
import dev.whatmoved.client.features.model.FeatureView;
import dev.whatmoved.client.features.model.PredictionRequest;
import dev.whatmoved.client.features.model.Problem;
import dev.whatmoved.client.features.model.ReleaseRequest;
import dev.whatmoved.client.features.model.ReleaseView;
import dev.whatmoved.client.metrics.api.MetricsResourceApi;
import dev.whatmoved.client.metrics.model.MetricDefinition;
import dev.whatmoved.client.metrics.model.MetricRequest;
import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The documented calls made the way a team's own code would make them: with Java clients that openapi-generator
 * generated from the services' OpenAPI documents at build time (deploy/local/pom.xml; never committed). Every answer
 * is decoded strictly (a field the document does not declare fails), so this proves the documents describe what the
 * services really send, errors included (docs/api.md, "Generated clients").
 */
final class GeneratedClients {

    private final URI features;
    private final URI metrics;
    private final URI attribution;

    GeneratedClients(URI features, URI metrics, URI attribution) {
        this.features = features;
        this.metrics = metrics;
        this.attribution = attribution;
    }

    /** A metric, a feature predicting a change of it, committed and released; then a 400 and a 404 problem decoded. */
    void registerCommitAndRelease(String exporter, String lead, String ci, String viewer) throws Exception {
        MetricsResourceApi catalogue = new MetricsResourceApi(metricsClient(exporter));
        var registered = catalogue.registerMetricWithHttpInfo(new MetricRequest()
                .key("checkout.refunds")
                .name("Checkout refunds")
                .unit("orders")
                .aggregation("sum")
                .goodDirection("down"));
        assertThat(registered.getStatusCode()).isEqualTo(201);
        assertThat(registered.getHeaders()).containsKey("location");
        MetricDefinition metric = registered.getData();
        assertThat(metric.getKey()).isEqualTo("checkout.refunds");
        assertThat(metric.getDescription()).isNull();

        FeatureResourceApi featureApi = new FeatureResourceApi(featuresClient(lead));
        FeatureView draft = featureApi.createFeature(new FeatureRequest()
                .key("checkout-refund-reasons")
                .title("Ask for a refund reason")
                .team("payments")
                .owner("bob")
                .predictions(List.of(new PredictionRequest()
                        .metric("checkout.refunds")
                        .direction("down")
                        .expectedChangePct(2.0)
                        .confidence(0.6))));
        assertThat(draft.getStatus()).isEqualTo("draft");
        assertThat(draft.getCommittedAt()).isNull();
        FeatureView committed = featureApi.commitFeature("checkout-refund-reasons");
        assertThat(committed.getStatus()).isEqualTo("committed");
        assertThat(committed.getCommittedAt()).isNotNull();

        ReleaseResourceApi releaseApi = new ReleaseResourceApi(featuresClient(ci));
        var reported = releaseApi.reportReleaseWithHttpInfo(
                new ReleaseRequest()
                        .service("checkout")
                        .version("2026.11.4")
                        .environment("production")
                        .deployedAt(OffsetDateTime.now(ZoneOffset.UTC).withNano(0))
                        .features(List.of("checkout-refund-reasons")),
                null);
        assertThat(reported.getStatusCode()).isEqualTo(201);
        ReleaseView release = reported.getData();
        assertThat(reported.getHeaders().get("location")).singleElement().satisfies(location -> assertThat(location)
                .endsWith("/api/releases/" + release.getId()));
        assertThat(release.getFeatures()).containsExactly("checkout-refund-reasons");
        assertThat(release.getCommit()).isNull();
        ReleaseResourceApi reader = new ReleaseResourceApi(featuresClient(viewer));
        // the 201 answer carries receivedAt to the nanosecond, the stored release to PostgreSQL's microsecond
        ReleaseView read = reader.getRelease(release.getId());
        assertThat(read).usingRecursiveComparison().ignoringFields("receivedAt").isEqualTo(release);
        assertThat(read.getReceivedAt()).isEqualTo(release.getReceivedAt().truncatedTo(ChronoUnit.MICROS));

        dev.whatmoved.client.features.ApiException invalid = catchThrowableOfType(
                dev.whatmoved.client.features.ApiException.class,
                () -> releaseApi.reportRelease(
                        new ReleaseRequest()
                                .service("checkout")
                                .version("2026.11.5")
                                .environment("production")
                                .commit("not-a-sha")
                                .deployedAt(OffsetDateTime.now(ZoneOffset.UTC)),
                        null));
        assertThat(invalid.getCode()).isEqualTo(400);
        assertThat(invalid.getResponseHeaders().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem =
                strict(featuresClient(ci).getObjectMapper()).readValue(invalid.getResponseBody(), Problem.class);
        assertThat(problem.getStatus()).isEqualTo(400);
        assertThat(problem.getErrors())
                .anySatisfy(error -> assertThat(error.getField()).isEqualTo("commit"));

        dev.whatmoved.client.features.ApiException missing = catchThrowableOfType(
                dev.whatmoved.client.features.ApiException.class, () -> reader.getRelease(UUID.randomUUID()));
        assertThat(missing.getCode()).isEqualTo(404);
        assertThat(decodeProblem(missing.getResponseBody()).getType()).endsWith("/not-found");
    }

    /** The outcome of a measured release and the calibration, read with the attribution client. */
    void readOutcomesAndCalibration(String viewer, String measuredRelease) throws Exception {
        ReleaseOutcomes outcomes =
                new OutcomeResourceApi(attributionClient(viewer)).getReleaseOutcomes(UUID.fromString(measuredRelease));
        assertThat(outcomes.getMethod()).isEqualTo("state-space");
        OutcomeView day1 = outcomes.getOutcomes().stream()
                .filter(outcome -> Objects.equals(outcome.getCheckpointDays(), 1))
                .findFirst()
                .orElseThrow();
        assertThat(day1.getVerdict()).isEqualTo("moved-as-predicted");
        assertThat(day1.getRelEffect()).isBetween(0.2, 0.4);

        CalibrationView calibration =
                new CalibrationResourceApi(attributionClient(viewer)).getCalibration(null, null, "payments", null);
        assertThat(calibration.getPredictions())
                .anySatisfy(prediction -> assertThat(prediction.getFeatureKey()).isEqualTo("checkout-one-click"));
    }

    private dev.whatmoved.client.features.ApiClient featuresClient(String token) {
        dev.whatmoved.client.features.ApiClient client = new dev.whatmoved.client.features.ApiClient();
        client.updateBaseUri(features.toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        client.setObjectMapper(strict(client.getObjectMapper()));
        return client;
    }

    private dev.whatmoved.client.metrics.ApiClient metricsClient(String token) {
        dev.whatmoved.client.metrics.ApiClient client = new dev.whatmoved.client.metrics.ApiClient();
        client.updateBaseUri(metrics.toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        client.setObjectMapper(strict(client.getObjectMapper()));
        return client;
    }

    private dev.whatmoved.client.attribution.ApiClient attributionClient(String token) {
        dev.whatmoved.client.attribution.ApiClient client = new dev.whatmoved.client.attribution.ApiClient();
        client.updateBaseUri(attribution.toString());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        client.setObjectMapper(strict(client.getObjectMapper()));
        return client;
    }

    private static Problem decodeProblem(String body) throws IOException {
        return strict(dev.whatmoved.client.features.ApiClient.createDefaultObjectMapper())
                .readValue(body, Problem.class);
    }

    /** The generated mapper, failing on a field the document does not declare. */
    private static ObjectMapper strict(ObjectMapper generated) {
        return generated.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
