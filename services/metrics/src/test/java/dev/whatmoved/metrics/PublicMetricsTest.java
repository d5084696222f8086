package dev.whatmoved.metrics;

import static org.awaitility.Awaitility.await;

import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Anyone can read /q/metrics: what they request without a token must not become a label there. It answers the format a
 * scraper asks for, and has what the operator's dashboard reads (that its figures move: OperatorMetricsTest).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class PublicMetricsTest {

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
        // a rejected point (its metric is unknown: 422), so that the rejected series exists
        Metrics.postPoints("{\"metric\": \"public.unknown\", \"timestamp\": \"" + Metrics.daysAgo(1)
                        + "\", \"value\": 1}\n")
                .statusCode(422);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> PublicMetrics.assertExposesDashboardMetrics("metrics"));
    }
}
