package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented shape of a points batch (docs/events/metric.points.v1.schema.json) is the one the service reads. */
class PointsSchemaTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDocumentedExamplesConformAndBrokenPointsDoNot() throws Exception {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../../docs/events/metric.points.v1.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            in,
                            SchemaValidatorsConfig.builder()
                                    .formatAssertionsEnabled(true)
                                    .build());
        }
        assertThat(
                        schema.validate(
                                json.readTree(
                                        """
                        [{"metric": "checkout.conversions", "timestamp": "2026-11-24T10:15:30Z", "value": 1,
                          "dimensions": {"country": "de"}},
                         {"metric": "checkout.rate", "timestamp": "2026-11-24T10:15:30+01:00", "numerator": 3,
                          "denominator": 100}]
                        """)))
                .isEmpty();
        assertThat(schema.validate(json.readTree("[{\"timestamp\": \"yesterday\", \"value\": 1}]")))
                .isNotEmpty();
        assertThat(schema.validate(json.readTree("[{\"timestamp\": \"2026-11-24T10:15:30Z\"}]")))
                .isNotEmpty();
        assertThat(schema.validate(json.readTree(
                        "[{\"timestamp\": \"2026-11-24T10:15:30Z\", \"value\": 1, \"dimensions\": {\"a\": 1}}]")))
                .isNotEmpty();
    }
}
