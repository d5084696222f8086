package dev.whatmoved.attribution;

import dev.whatmoved.testing.OpenApiContract;
import dev.whatmoved.testing.PlatformTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The OpenAPI document as a generated client reads it (docs/api.md, "Generated clients"). */
@QuarkusTest
@WithTestResource(
        value = PlatformTestResource.class,
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "attribution"))
class OpenApiContractTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aGeneratedClientKnowsEveryOperationItsErrorsAndWhatItMayLeaveNull() {
        OpenApiContract.of(base)
                .everyOperationIsNamedAndAnswersProblems()
                .nullable("OutcomeView", "reason", "measuredAt", "relEffect", "p", "average", "window")
                .nullable("CalibrationView", "directionHitRate", "brierScore", "rangeCoverage")
                .nullable("PredictionScore", "measuredChangePct", "hit", "releaseId")
                .verify();
    }
}
