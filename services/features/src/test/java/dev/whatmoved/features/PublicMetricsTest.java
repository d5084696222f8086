package dev.whatmoved.features;

import static dev.whatmoved.testing.TestTokens.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Anyone can read /q/metrics: what they request without a token must not become a label there. It answers the format a
 * scraper asks for, and has what the operator's dashboard reads.
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class PublicMetricsTest {

    private static final String INTAKE = "whatmoved_releases_intake_total";

    @Test
    void rawPathsOfUnauthenticatedAndUnknownRequestsAreNotLabels() {
        PublicMetrics.assertRawPathsStayOutOfTheLabels();
    }

    @Test
    void answersTheTextFormatUnlessOpenMetricsIsAskedFor() {
        PublicMetrics.assertScrapeFormats();
    }

    @Test
    void hasEveryMetricTheDashboardReads() {
        PublicMetrics.assertExposesDashboardMetrics("features");
    }

    @Test
    void releaseIntakeIsCountedBySourceAndResult() {
        double stored = PublicMetrics.value(INTAKE, "source", "api", "result", "stored");
        double duplicate = PublicMetrics.value(INTAKE, "source", "api", "result", "duplicate");
        double rejected = PublicMetrics.value(INTAKE, "source", "api", "result", "rejected");
        String key = UUID.randomUUID().toString();
        String release =
                """
                {"service": "metered", "version": "1.0.0", "environment": "production",
                 "deployedAt": "2026-11-21T08:00:00Z"}
                """;
        for (int status : new int[] {201, 200}) {
            caller(Scopes.RELEASES_WRITE)
                    .contentType(ContentType.JSON)
                    .header("Idempotency-Key", key)
                    .body(release)
                    .post("/api/releases")
                    .then()
                    .statusCode(status);
        }
        caller(Scopes.RELEASES_WRITE)
                .contentType(ContentType.JSON)
                .body("{\"version\": \"1.0.1\"}")
                .post("/api/releases")
                .then()
                .statusCode(400);

        assertThat(PublicMetrics.value(INTAKE, "source", "api", "result", "stored"))
                .isEqualTo(stored + 1);
        assertThat(PublicMetrics.value(INTAKE, "source", "api", "result", "duplicate"))
                .isEqualTo(duplicate + 1);
        assertThat(PublicMetrics.value(INTAKE, "source", "api", "result", "rejected"))
                .isEqualTo(rejected + 1);
    }
}
