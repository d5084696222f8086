package dev.whatmoved.metrics;

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
        initArgs = @ResourceArg(name = PlatformTestResource.DATABASE, value = "metrics"))
class OpenApiContractTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aGeneratedClientKnowsEveryOperationItsErrorsAndWhatCreationAnswers() {
        OpenApiContract.of(base)
                .everyOperationIsNamedAndAnswersProblems()
                .answerDeclaresBody("POST", "/api/metrics", "201")
                .answerDeclaresBody("POST", "/api/metrics", "200")
                .nullable("MetricDefinition", "unit", "description")
                .verify();
    }
}
