package dev.whatmoved.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Collector configuration in docs/metrics.md is one a Collector starts with: receivers, processors, exporters and a
 * metrics pipeline, every component a pipeline names defined, and the exporter sending OTLP/HTTP to {@code /v1/metrics}
 * with a bearer token. (YAML read with Jackson's YAML module, which smallrye-open-api brings for its YAML output.)
 */
class CollectorConfigDocTest {

    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theDocsCollectorConfigIsCompleteAndSendsToWhatmoved() throws IOException {
        JsonNode config = collectorConfig();
        for (String section : List.of("receivers", "processors", "exporters", "service")) {
            assertThat(config.has(section)).as("top-level section %s", section).isTrue();
        }
        JsonNode pipelines = config.path("service").path("pipelines");
        assertThat(pipelines.isObject() && !pipelines.isEmpty())
                .as("service.pipelines")
                .isTrue();
        List<String> metricsPipelines = new ArrayList<>();
        pipelines.fieldNames().forEachRemaining(name -> {
            // a pipeline is named <signal> or <signal>/<name>
            assertThat(name.split("/")[0]).as("pipeline %s", name).isIn("metrics", "traces", "logs");
            if (name.split("/")[0].equals("metrics")) {
                metricsPipelines.add(name);
            }
            JsonNode pipeline = pipelines.get(name);
            assertThat(pipeline.path("receivers").isEmpty())
                    .as("%s has receivers", name)
                    .isFalse();
            assertThat(pipeline.path("exporters").isEmpty())
                    .as("%s has exporters", name)
                    .isFalse();
            for (String kind : List.of("receivers", "processors", "exporters")) {
                for (JsonNode component : pipeline.path(kind)) {
                    assertThat(config.path(kind).has(component.asText()))
                            .as("%s of pipeline %s: %s is defined under %s", kind, name, component.asText(), kind)
                            .isTrue();
                }
            }
        });
        assertThat(metricsPipelines).isNotEmpty();

        JsonNode exporter = config.path("exporters").path("otlphttp/whatmoved");
        assertThat(exporter.path("metrics_endpoint").asText()).endsWith("/v1/metrics");
        assertThat(exporter.path("encoding").asText()).isIn("proto", "json");
        assertThat(exporter.path("headers").path("Authorization").asText()).startsWith("Bearer ${env:");
        assertThat(config.path("receivers").path("otlp").path("protocols").isEmpty())
                .as("the otlp receiver names its protocols")
                .isFalse();
    }

    /** The YAML block of the OTLP/HTTP section of docs/metrics.md. */
    private static JsonNode collectorConfig() throws IOException {
        String doc = Files.readString(Path.of("../../docs/metrics.md"));
        String section = doc.substring(doc.indexOf("## OTLP/HTTP"));
        Matcher block = YAML_BLOCK.matcher(section);
        assertThat(block.find()).as("a ```yaml block in the OTLP/HTTP section").isTrue();
        return new ObjectMapper(new YAMLFactory()).readTree(block.group(1));
    }
}
