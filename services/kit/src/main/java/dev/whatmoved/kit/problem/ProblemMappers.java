package dev.whatmoved.kit.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.whatmoved.kit.outage.DatabaseOutage;
import io.quarkus.hibernate.validator.runtime.jaxrs.ResteasyReactiveViolationException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * The one exception mapper of every service: each error leaves as {@code application/problem+json}, and invalid input
 * names the field at fault and why.
 */
public class ProblemMappers {

    public static final String TYPE_BASE = "https://whatmoved.dev/problems/";

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    DatabaseOutage outage;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(new Problem(TYPE_BASE + e.kind(), e.title(), e.status(), e.getMessage(), path(uri), e.errors()));
    }

    @ServerExceptionMapper({ConstraintViolationException.class, ResteasyReactiveViolationException.class})
    public Response violation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return invalid(errors, uri);
    }

    @ServerExceptionMapper({MismatchedInputException.class, InvalidFormatException.class, JsonMappingException.class})
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        return invalid(List.of(new Problem.FieldError(jsonPath(e), describe(e))), uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        String duplicate = JsonProblems.duplicateKey(e);
        if (duplicate != null) {
            return invalid(List.of(new Problem.FieldError(duplicate, "is given more than once")), uri);
        }
        var location = e.getLocation();
        String where =
                location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return respond(new Problem(
                TYPE_BASE + "malformed-json",
                "Malformed JSON",
                400,
                "the body is not valid JSON" + where + ": " + e.getOriginalMessage(),
                path(uri),
                List.of()));
    }

    /** Nested too deep, a key, number or string too long: Jackson's read limits (kit.json.JsonLimits). */
    @ServerExceptionMapper
    public Response tooComplex(StreamConstraintsException e, UriInfo uri) {
        return respond(JsonProblems.constraint(e, path(uri)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof StreamConstraintsException constraint) {
            return tooComplex(constraint, uri);
        }
        if (e.getCause() instanceof JsonParseException parse) {
            return malformed(parse, uri);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return unreadable(mapping, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(new Problem(
                TYPE_BASE + slug(status.getReasonPhrase()),
                status.getReasonPhrase(),
                status.getStatusCode(),
                e.getMessage(),
                path(uri),
                List.of()));
    }

    /** No token, or one that is malformed, badly signed, expired or revoked. The reason stays in the server. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        Problem problem = new Problem(
                TYPE_BASE + "unauthorized",
                "Unauthorized",
                401,
                "a valid bearer token is required (Authorization: Bearer <token>)",
                path(uri),
                List.of());
        return Response.fromResponse(respond(problem))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** A valid token without the scope the endpoint needs: say which scope would do. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, SimpleResourceInfo resource) {
        RolesAllowed allowed =
                resource == null ? null : resource.getResourceClass() == null ? null : rolesAllowed(resource);
        String needed = allowed == null ? "another scope" : "scope " + String.join(" or ", allowed.value());
        return respond(new Problem(
                TYPE_BASE + "forbidden",
                "Forbidden",
                403,
                "the token lacks the scope this endpoint needs: " + needed,
                path(uri),
                List.of()));
    }

    private static RolesAllowed rolesAllowed(SimpleResourceInfo resource) {
        for (var method : resource.getResourceClass().getMethods()) {
            if (method.getName().equals(resource.getMethodName())
                    && java.util.Arrays.equals(method.getParameterTypes(), resource.parameterTypes())) {
                RolesAllowed onMethod = method.getAnnotation(RolesAllowed.class);
                return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RolesAllowed.class);
            }
        }
        return resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }

    /**
     * Anything else, {@link Throwable}s that are not exceptions included (a Vert.x {@code NoStackTraceThrowable}): a
     * value the database refuses as data (SQLSTATE class 22, e.g. 22021 for a NUL character) is the caller's fault and
     * answers 400; the database being unreachable is an outage and answers 503 with {@code Retry-After} (logged once
     * per outage by {@link DatabaseOutage}); everything else is ours and answers 500 with an incident id that is in the
     * log.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (outage != null && outage.report(e)) {
            return respond(unavailable(path(uri)));
        }
        return respond(unexpectedProblem(e, path(uri)));
    }

    /** The answer while the database cannot be reached: the client may retry after {@code Retry-After} seconds. */
    public static Problem unavailable(String path) {
        return new Problem(
                TYPE_BASE + "service-unavailable",
                "Service unavailable",
                503,
                "the service's database cannot be reached; retry after " + DatabaseOutage.RETRY_AFTER_SECONDS + " s",
                path,
                List.of());
    }

    /** The problem for a failure no mapper knows, as the REST layer and the HTTP router answer it. */
    public static Problem unexpectedProblem(Throwable e, String path) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StreamConstraintsException constraint) {
                return JsonProblems.constraint(constraint, path); // read by a component's own JSON reader
            }
        }
        Problem refusedData = SqlStates.refusedData(e, path);
        if (refusedData != null) {
            LOG.debugf(e, "the database refused data on %s", path);
            return refusedData;
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure on %s (incident %s)", path, incident);
        return new Problem(
                TYPE_BASE + "internal-error",
                "Internal error",
                500,
                "the request failed unexpectedly; incident " + incident + " is in the service log",
                path,
                List.of());
    }

    private Response invalid(List<Problem.FieldError> errors, UriInfo uri) {
        String detail = errors.stream()
                .map(f -> f.field() + ": " + f.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return respond(new Problem(TYPE_BASE + "invalid-request", "Invalid request", 400, detail, path(uri), errors));
    }

    private static Response respond(Problem problem) {
        Response.ResponseBuilder response =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, DatabaseOutage.RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    /**
     * The property path of a violation without the method name, e.g. {@code [0].timestamp} inside a body; the
     * parameter's own name (e.g. {@code key}) when the violation is on the parameter itself.
     */
    public static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(node.getName());
            }
        }
        if (!field.isEmpty()) {
            return field.toString();
        }
        return parameter == null ? "body" : parameter;
    }

    public static String jsonPath(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof InvalidFormatException invalid) {
            return "cannot read " + invalid.getValue() + " as " + typeName(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "expected " + typeName(mismatched.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static String typeName(Class<?> type) {
        return switch (type.getSimpleName()) {
            case "Instant", "OffsetDateTime", "ZonedDateTime" -> "a timestamp (ISO-8601, e.g. 2026-11-24T10:15:30Z)";
            case "LocalDate" -> "a date (ISO-8601, e.g. 2026-11-24)";
            case "double", "Double", "float", "Float" -> "a number";
            case "int", "Integer", "long", "Long" -> "an integer";
            case "boolean", "Boolean" -> "true or false";
            case "String" -> "a string";
            case "List", "Set", "ArrayList" -> "an array";
            case "UUID" -> "a UUID";
            default -> type.isArray() ? "an array" : type.isRecord() ? "an object" : type.getSimpleName();
        };
    }

    private static String slug(String phrase) {
        return phrase.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
