package dev.whatmoved.features;

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
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "features"))
class OpenApiContractTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aGeneratedClientKnowsEveryOperationItsErrorsAndWhatCreationAnswers() {
        OpenApiContract.of(base)
                .everyOperationIsNamedAndAnswersProblems()
                .answerDeclaresBody("POST", "/api/releases", "201")
                .answerDeclaresBody("POST", "/api/releases", "200")
                .answerDeclaresBody("POST", "/api/features", "201")
                .nullable("ReleaseView", "commit", "description", "rolledBackAt", "rolledBackBy", "rollbackOf")
                .nullable("FeatureView", "problem", "committedAt", "shippedAt", "retiredAt")
                .nullable("PredictionView", "expectedChangePct", "lowPct", "highPct", "supersededAt", "review")
                .nullable("PredictionReview", "reason", "releaseDay", "changePct", "firstDetectableDay", "summary")
                .nullable("FeatureSummary", "committedAt", "shippedAt")
                .verify();
    }
}
