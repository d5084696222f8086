package dev.whatmoved.kit.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.kit.json.JsonLimits;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Each class of failure a request can cause, and the problem it answers. */
class ProblemMappersTest {

    private static final ObjectMapper JSON = JsonLimits.apply(new ObjectMapper());

    record Draft(String title, List<String> features) {}

    @Test
    void aThrowableThatIsNotAnExceptionIsAnInternalErrorWithAnIncident() {
        Problem problem = ProblemMappers.unexpectedProblem(new NoStackTraceThrowable("Connection was closed"), "/p");
        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.type()).endsWith("/internal-error");
        assertThat(problem.detail()).contains("incident");
    }

    @Test
    void dataTheDatabaseRefusesIsTheCallersFault() {
        var nul =
                new CompletionException(new PgException("invalid byte sequence for encoding", "ERROR", "22021", null));
        Problem problem = ProblemMappers.unexpectedProblem(nul, "/api/features");
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).contains("NUL");

        var deadlock = new PgException("deadlock detected", "ERROR", "40P01", null);
        assertThat(ProblemMappers.unexpectedProblem(deadlock, "/p").status()).isEqualTo(500);
    }

    @Test
    void eachJsonReadLimitHasItsAnswer() {
        assertThat(constraint("[".repeat(65) + "]".repeat(65)))
                .extracting(Problem::status, Problem::detail)
                .containsExactly(
                        400, "the JSON nesting (objects and arrays inside each other) is deeper than 64 levels");
        assertThat(constraint("{\"" + "k".repeat(1_001) + "\":1}").detail()).contains("key name");
        assertThat(constraint("[" + "1".repeat(101) + "]").detail()).contains("number");
        Problem string = constraint("[\"" + "s".repeat(JsonLimits.MAX_STRING_LENGTH + 1) + "\"]");
        assertThat(string.status()).isEqualTo(413);
        assertThat(string.detail()).contains("string");
    }

    @Test
    void aKeyGivenTwiceIsNamed() {
        var e = catchThrowableOfType(JsonParseException.class, () -> JSON.readTree("{\"team\":1,\"team\":2}"));
        assertThat(JsonProblems.duplicateKey(e)).isEqualTo("team");
    }

    @Test
    void aNulCharacterIsRefusedNamingTheField() {
        var e = catchThrowableOfType(
                JsonMappingException.class,
                () -> JSON.readValue("{\"title\":\"a\",\"features\":[\"ok\",\"b\\u0000\"]}", Draft.class));
        assertThat(ProblemMappers.jsonPath(e)).isEqualTo("features[1]");
        assertThat(e.getOriginalMessage()).contains("NUL");
    }

    private static Problem constraint(String json) {
        var e = catchThrowableOfType(StreamConstraintsException.class, () -> JSON.readTree(json));
        assertThat(e).as(json.substring(0, 20)).isNotNull();
        return JsonProblems.constraint(e, "/p");
    }
}
