package dev.whatmoved.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class EventSchemasTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyEventTypeHasASchemaWhoseIdIsItsDataSchema() throws Exception {
        for (EventType type : EventType.values()) {
            var schema = json.readTree(getClass().getClassLoader().getResource(type.schemaResource()));
            assertThat(schema.path("$id").asText()).isEqualTo(type.dataSchema().toString());
            assertThat(schema.path("title").asText()).isEqualTo(type.type());
        }
    }

    @Test
    void acceptsAConformingReleaseAndNamesWhatIsWrongWithABrokenOne() throws Exception {
        ObjectNode release = (ObjectNode)
                json.readTree(
                        """
                {"releaseId": "0b9e7f4e-8d5c-4a57-9a59-0d6a3c1c1f10", "service": "checkout", "version": "1.4.2",
                 "environment": "production", "commit": "9fceb02d0ae598e95dc970b74767f19372d61af8",
                 "deployedAt": "2026-11-20T10:15:00Z", "features": ["checkout-one-click"], "source": "api"}
                """);
        assertThat(EventSchemas.violations(EventType.RELEASE_DEPLOYED, release)).isEmpty();

        release.put("deployedAt", "yesterday");
        release.remove("service");
        assertThat(EventSchemas.violations(EventType.RELEASE_DEPLOYED, release))
                .anySatisfy(v -> assertThat(v).contains("deployedAt"))
                .anySatisfy(v -> assertThat(v).contains("service"));
    }

    @Test
    void rejectsARollupWithoutCount() throws Exception {
        var rollup = json.readTree(
                """
                {"metric": "signups", "granularity": "day", "bucketStart": "2026-11-20T00:00:00Z",
                 "sum": 120.0, "revision": 1, "dimensions": {}}
                """);
        assertThat(EventSchemas.violations(EventType.METRIC_ROLLUP, rollup))
                .singleElement()
                .asString()
                .contains("count");
    }
}
