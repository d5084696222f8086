package dev.whatmoved.features.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.features.intake.cdevents.ArtifactIds;
import dev.whatmoved.features.intake.cdevents.CdEvents;
import dev.whatmoved.features.intake.cdevents.CloudEventsBinding;
import dev.whatmoved.features.intake.cdevents.UnsupportedCdEventException;
import dev.whatmoved.kit.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** How a CDEvent becomes a release, without Quarkus: artifact ids, customData, types. */
class CdEventsMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsNameAndVersionFromPurlsAndImageReferences() {
        assertThat(ArtifactIds.parse("pkg:oci/inventory@sha256%3A6f2c0e?repository_url=ghcr.io%2Facme&tag=3.2.0"))
                .isEqualTo(new ArtifactIds.Artifact("inventory", "3.2.0", null));
        assertThat(ArtifactIds.parse(
                        "pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427"))
                .isEqualTo(new ArtifactIds.Artifact(
                        "myapp", "sha256:0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427", null));
        assertThat(ArtifactIds.parse("pkg:github/acme-shop/search@1b6e0f3a9c2d4e5f8a7b6c5d4e3f2a1b0c9d8e7f"))
                .isEqualTo(new ArtifactIds.Artifact(
                        "search",
                        "1b6e0f3a9c2d4e5f8a7b6c5d4e3f2a1b0c9d8e7f",
                        "1b6e0f3a9c2d4e5f8a7b6c5d4e3f2a1b0c9d8e7f"));
        assertThat(ArtifactIds.parse("pkg:maven/dev.acme/billing-core@1.4.0+build.7?type=jar"))
                .isEqualTo(new ArtifactIds.Artifact("billing-core", "1.4.0+build.7", null));
        assertThat(ArtifactIds.parse("ghcr.io/acme-shop/inventory:3.2.0"))
                .isEqualTo(new ArtifactIds.Artifact("inventory", "3.2.0", null));
        assertThat(ArtifactIds.parse("nginx:1.27")).isEqualTo(new ArtifactIds.Artifact("nginx", "1.27", null));
        assertThat(ArtifactIds.parse("mySubject123")).isEqualTo(new ArtifactIds.Artifact(null, null, null));
    }

    @Test
    void customDataWinsAndMayBeBase64Json() throws Exception {
        ObjectNode event = fixture("cdevents/v0.3/service-deployed.json");
        String custom = "{\"service\": \"stock\", \"version\": \"2026.11.19\", \"commit\": \"0a7d3e9c\","
                + " \"features\": [\"stock-alerts\"], \"description\": \"Feature: low-stock-badge\"}";
        event.put("customData", Base64.getEncoder().encodeToString(custom.getBytes(StandardCharsets.UTF_8)));
        event.put("customDataContentType", "application/json");

        ReleaseIntake intake = CdEvents.toIntake(event, JSON);

        assertThat(intake.service()).isEqualTo("stock");
        assertThat(intake.version()).isEqualTo("2026.11.19");
        assertThat(intake.commit()).isEqualTo("0a7d3e9c");
        assertThat(intake.features()).containsExactly("stock-alerts");
        assertThat(intake.texts()).containsExactly("Feature: low-stock-badge");
        assertThat(intake.rollback()).isFalse();
    }

    @Test
    void fallsBackToTheSubjectIdForTheServiceAndTheArtifactIdForTheVersion() throws Exception {
        ObjectNode event = fixture("cdevents/v0.3/service-deployed.json");
        ((ObjectNode) event.path("subject").path("content")).put("artifactId", "build-2026.11.19-4471");

        ReleaseIntake intake = CdEvents.toIntake(event, JSON);

        assertThat(intake.service()).isEqualTo("inventory");
        assertThat(intake.version()).isEqualTo("build-2026.11.19-4471");
    }

    @Test
    void tellsAnotherCdEventsTypeFromAForeignOne() throws Exception {
        assertThatThrownBy(() -> CdEvents.toIntake(fixture("cdevents/v0.4/pipelinerun-finished.json"), JSON))
                .isInstanceOfSatisfying(UnsupportedCdEventException.class, e -> {
                    assertThat(e.isCdEvent()).isTrue();
                    assertThat(e.type()).isEqualTo("dev.cdevents.pipelinerun.finished.0.2.0");
                });
        ObjectNode foreign = fixture("cdevents/v0.3/service-deployed.json");
        ((ObjectNode) foreign.path("context")).put("type", "com.acme.deploy");
        assertThatThrownBy(() -> CdEvents.toIntake(foreign, JSON))
                .isInstanceOfSatisfying(UnsupportedCdEventException.class, e -> assertThat(e.isCdEvent())
                        .isFalse());
    }

    @Test
    void takesTheCdEventOutOfEachCloudEventsMode() throws Exception {
        JsonNode structured = fixture("cdevents/v0.4/service-upgraded.cloudevent.json");
        JsonNode inside = CloudEventsBinding.cdEvent("application/cloudevents+json; charset=utf-8", structured, JSON);
        assertThat(CdEvents.toIntake(inside, JSON).version()).isEqualTo("5.5.0");

        ObjectNode base64 = structured.deepCopy();
        base64.remove("data");
        base64.put("data_base64", Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(structured.path("data"))));
        assertThat(CloudEventsBinding.cdEvent("application/cloudevents+json", base64, JSON))
                .isEqualTo(structured.path("data"));

        JsonNode bare = fixture("cdevents/v0.5/service-deployed.json");
        assertThat(CloudEventsBinding.cdEvent("application/cdevents+json", bare, JSON))
                .isSameAs(bare);

        assertThatThrownBy(() -> CloudEventsBinding.cdEvent("application/cloudevents-batch+json", bare, JSON))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    private static ObjectNode fixture(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readAllBytes(Path.of("src/test/resources/payloads", name)));
    }
}
