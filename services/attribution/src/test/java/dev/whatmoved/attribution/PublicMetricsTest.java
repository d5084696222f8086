package dev.whatmoved.attribution;

import dev.whatmoved.testing.PlatformTestResource;
import dev.whatmoved.testing.PublicMetrics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * Anyone can read /q/metrics: what they request without a token must not become a label there. It answers the format a
 * scraper asks for, and has what the operator's dashboard reads (the outcome counters and checkpoint gauges move in
 * CheckpointOutcomesTest and RatioAndHourlyOutcomesTest).
 */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
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
        PublicMetrics.assertExposesDashboardMetrics("attribution");
    }
}
