package dev.whatmoved.kit.openapi;

import dev.whatmoved.kit.problem.Problem;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Declares the error answers every service really gives, so a generated client knows them: the {@code Problem} and
 * {@code ProblemFieldError} schemas, and on every operation the {@code application/problem+json} answers the kit's
 * mappers and guards produce (400 everywhere, 413 with a body, 401 and 403 when a scope is needed, 404 with a path
 * parameter, 500 always). A status a resource declares keeps its description; it only gains the problem body. Each
 * service names it in {@code mp.openapi.filter}.
 */
public class ProblemAnswers implements OASFilter {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "ProblemFieldError";

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "400", "Invalid request, malformed JSON or URI (problem+json names each field at fault)",
            "401", "No bearer token, or an invalid, expired or revoked one",
            "403", "The token lacks the scope this operation needs",
            "404", "No such resource",
            "413", "The body is over the size limit",
            "500", "A bug or an outage; detail carries an incident id that is in the service log");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.addSchema(FIELD_ERROR, fieldErrorSchema());
        components.addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        boolean securedByDefault =
                openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty();
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.getOperations().entrySet()) {
                declare(path, entry.getValue(), securedByDefault);
            }
        });
    }

    /**
     * An operation whose errors follow another protocol than problem+json names it in this extension (e.g. {@code
     * /v1/metrics}: OTLP/HTTP's google.rpc.Status); its error answers are declared, without the Problem body.
     */
    public static final String ERROR_BODY = "x-error-body";

    private static void declare(String path, Operation operation, boolean securedByDefault) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        boolean secured = operation.getSecurity() == null
                ? securedByDefault
                : operation.getSecurity().stream()
                        .anyMatch(requirement -> !requirement.getSchemes().isEmpty());
        add(responses, "400");
        if (operation.getRequestBody() != null) {
            add(responses, "413");
        }
        if (secured) {
            add(responses, "401");
            add(responses, "403");
        }
        if (path.contains("{")) {
            add(responses, "404");
        }
        add(responses, "500");
        if (operation.getExtensions() != null && operation.getExtensions().containsKey(ERROR_BODY)) {
            return; // a protocol of its own (OTLP's google.rpc.Status), named by the extension
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && response.getRef() == null) {
                withProblemBody(response);
            }
        });
    }

    private static void add(APIResponses responses, String status) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(DESCRIPTIONS.get(status)));
        }
    }

    /** Adds the problem body next to whatever the resource declared; a declared problem+json body is left alone. */
    private static void withProblemBody(APIResponse response) {
        if (response.getContent() == null) {
            response.setContent(OASFactory.createContent());
        }
        Content content = response.getContent();
        if (content.hasMediaType(Problem.MEDIA_TYPE)) {
            return;
        }
        MediaType problem =
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM));
        content.addMediaType(Problem.MEDIA_TYPE, problem);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .description("An RFC 9457 problem detail, the body of every error answer")
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("type", text("A URI naming the kind of problem, e.g. .../problems/invalid-request"))
                .addProperty("title", text("A short summary of the kind of problem"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("The HTTP status"))
                .addProperty("detail", text("What went wrong in this occurrence"))
                .addProperty("instance", text("The request path"))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .items(OASFactory.createSchema().ref(FIELD_ERROR))
                                .description("For invalid input: each field at fault and why (absent otherwise)"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema()
                .description("One input field at fault")
                .addType(Schema.SchemaType.OBJECT)
                .addProperty("field", text("Its JSON path (features[2]) or the parameter's name"))
                .addProperty("message", text("Why it was refused"))
                .required(List.of("field", "message"));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
