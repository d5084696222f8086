package dev.whatmoved.console.door;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A {@link UrlProblem} as the client wants it: an HTML page in the console's layout (a browser), or
 * {@code application/problem+json} (RFC 9457) when the client asks for JSON and not for HTML.
 */
@ApplicationScoped
public class ErrorPages {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String HTML = "text/html;charset=UTF-8";

    private final Template error;
    private final ObjectMapper json;

    public ErrorPages(@Location("error.html") Template error, ObjectMapper json) {
        this.error = error;
        this.json = json;
    }

    /** A rendered answer: its content type and body. */
    public record Answer(int status, String contentType, String body) {}

    public Uni<Answer> answer(UrlProblem problem, String accept) {
        if (wantsJson(accept)) {
            ObjectNode body = json.createObjectNode();
            body.put("type", "about:blank");
            body.put("title", problem.title());
            body.put("status", problem.status());
            body.put("detail", problem.detail());
            return Uni.createFrom().item(new Answer(problem.status(), PROBLEM_JSON, body.toString()));
        }
        return error.data("problem", problem).createUni().map(html -> new Answer(problem.status(), HTML, html));
    }

    /** JSON when the client asks for it and not for HTML (a browser always asks for HTML). */
    static boolean wantsJson(String accept) {
        return accept != null && accept.contains("json") && !accept.contains("text/html");
    }
}
