package dev.whatmoved.features.intake.github;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.whatmoved.events.EventTimes;
import dev.whatmoved.features.intake.FeatureKeys;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.text.ControlCharacters;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a GitHub webhook delivery (already verified) as the {@code X-GitHub-Event} header names it.
 *
 * <p>A {@code deployment_status} event whose {@code deployment_status.state} is {@code success} is a release:
 *
 * <ul>
 *   <li>service: {@code deployment.payload.service}, else {@code repository.name};
 *   <li>version: {@code deployment.payload.version}, else {@code deployment.ref} (tag, branch or sha), else
 *       {@code deployment.sha};
 *   <li>environment: {@code deployment_status.environment}, else {@code deployment.environment};
 *   <li>commit: {@code deployment.sha}; deployed at: {@code deployment_status.created_at} (when success was
 *       reported); creator: the person who triggered the workflow run ({@code workflow_run.triggering_actor}), else
 *       {@code deployment.creator} (for an Actions deployment that is {@code github-actions[bot]});
 *   <li>features: {@code deployment.payload.features}, plus keys found in the deployment and status descriptions and
 *       the workflow run's title (its head commit or pull request title);
 *   <li>delivery id (what makes it count once): the deployment, {@code deployment.id} qualified by the origin of
 *       {@code deployment.url}, e.g. {@code https://api.github.com#deployment-2174550391}; it is in the signed body,
 *       unlike {@code X-GitHub-Delivery}, which an organization hook and a repository hook set differently for one
 *       deployment and which anyone replaying a captured body can change.
 * </ul>
 *
 * Every other state and event is acknowledged and ignored; {@code ping} is answered.
 */
public final class GitHubDeliveries {

    public static final String EVENT_HEADER = "X-GitHub-Event";
    public static final String DELIVERY_HEADER = "X-GitHub-Delivery";

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GitHubDeliveries() {}

    public static GitHubDelivery read(String event, JsonNode body) {
        if (event == null || event.isBlank()) {
            throw ProblemException.invalid(EVENT_HEADER, "is required: GitHub names the event of every delivery");
        }
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        return switch (event.strip()) {
            case "ping" ->
                new GitHubDelivery.Ping(
                        body.path("hook_id").asLong(), body.path("zen").asText(""));
            case "deployment_status" -> deploymentStatus(body);
            default ->
                new GitHubDelivery.Ignored("event " + event.strip() + ": only deployment_status creates releases");
        };
    }

    private static GitHubDelivery deploymentStatus(JsonNode body) {
        JsonNode status = object(body, "deployment_status");
        JsonNode deployment = object(body, "deployment");
        String state = text(status, "state", "deployment_status.state");
        if (!"success".equals(state)) {
            return new GitHubDelivery.Ignored("deployment_status " + state + ": only success creates a release");
        }
        JsonNode payload = payload(deployment.path("payload"));
        String sha = deployment.path("sha").asText(null);
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw ProblemException.invalid("deployment.sha", "must be a hexadecimal commit sha");
        }

        String service = optionalText(payload, "service", "deployment.payload.service", 200);
        if (service == null) {
            service = limited(text(object(body, "repository"), "name", "repository.name"), "repository.name", 200);
        }
        String version = optionalText(payload, "version", "deployment.payload.version", 200);
        // checked even when the payload names the version: the whole delivery is valid, or it is refused
        String ref = usableText(deployment, "ref", "deployment.ref", Integer.MAX_VALUE);
        if (version == null) {
            version = ref != null ? limited(ref, "deployment.ref", 200) : sha;
        }
        String environment = usableText(status, "environment", "deployment_status.environment", 100);
        if (environment == null) {
            environment =
                    limited(text(deployment, "environment", "deployment.environment"), "deployment.environment", 100);
        }
        Instant deployedAt = time(status, "created_at", "deployment_status.created_at");
        boolean updated = status.path("updated_at").isTextual()
                && !status.path("updated_at").asText().isBlank();
        Instant updatedAt = updated ? time(status, "updated_at", "deployment_status.updated_at") : deployedAt;
        Reported reported = updated && !updatedAt.isBefore(deployedAt)
                ? new Reported(updatedAt, "deployment_status.updated_at")
                : new Reported(deployedAt, "deployment_status.created_at");
        JsonNode run = body.path("workflow_run");
        String creator = firstLogin(
                run.path("triggering_actor"), "workflow_run.triggering_actor",
                deployment.path("creator"), "deployment.creator",
                status.path("creator"), "deployment_status.creator",
                body.path("sender"), "sender");

        String deploymentDescription = ControlCharacters.freeText(
                "deployment.description", deployment.path("description").asText(null));
        String statusDescription = ControlCharacters.freeText(
                "deployment_status.description", status.path("description").asText(null));
        List<String> texts = new ArrayList<>();
        texts.add(deploymentDescription);
        texts.add(statusDescription);
        texts.add(run.path("display_title").asText(null));
        texts.add(run.path("head_commit").path("message").asText(null));

        return new GitHubDelivery.Deployment(
                new ReleaseIntake(
                        ReleaseIntake.GITHUB,
                        deploymentKey(deployment),
                        service,
                        version,
                        environment,
                        sha,
                        deployedAt,
                        creator,
                        firstNonBlank(deploymentDescription, statusDescription),
                        FeatureKeys.read(payload.path("features"), "deployment.payload.features"),
                        texts,
                        false),
                reported.at(),
                reported.field());
    }

    /** When GitHub last reported the status, and the field that says so. */
    private record Reported(Instant at, String field) {}

    /**
     * The deployment's identity in the signed body: its id, qualified by the API origin of {@code deployment.url}
     * ({@code https://api.github.com}, or a GitHub Enterprise Server's) since ids are unique per GitHub instance. Not
     * {@code X-GitHub-Delivery}: that header is not signed, and a repository and an organization hook deliver one
     * deployment under two of them.
     */
    static String deploymentKey(JsonNode deployment) {
        JsonNode id = deployment.path("id");
        if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
            throw ProblemException.invalid("deployment.id", "must be GitHub's (positive integer) id of the deployment");
        }
        String key = "deployment-" + id.asLong();
        String origin = origin(deployment.path("url").asText(""));
        return origin == null ? key : origin + "#" + key;
    }

    /** {@code https://host[:port]} of an absolute http(s) URL, else null. */
    private static String origin(String url) {
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || scheme == null || !scheme.matches("(?i)https?")) {
                return null;
            }
            String origin = scheme.toLowerCase(Locale.ROOT) + "://"
                    + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
            return origin.length() <= 150 ? origin : null;
        } catch (URISyntaxException notAUrl) {
            return null;
        }
    }

    /** {@code deployment.payload} is whatever the deployment's creator put there: an object, JSON text, or nothing. */
    private static JsonNode payload(JsonNode payload) {
        if (payload.isObject()) {
            return payload;
        }
        if (payload.isTextual() && payload.asText().strip().startsWith("{")) {
            try {
                JsonNode parsed = JSON.readTree(payload.asText());
                if (parsed != null && parsed.isObject()) {
                    return parsed;
                }
            } catch (JsonProcessingException notJson) {
                // free text: nothing for us in it
            }
        }
        return MissingNode.getInstance();
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw ProblemException.invalid(field, "is required in a deployment_status event");
        }
        return node;
    }

    /** A label the release needs: a non-blank string without control characters. */
    private static String text(JsonNode parent, String name, String field) {
        JsonNode node = parent.path(name);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.invalid(field, "must not be blank");
        }
        return ControlCharacters.label(field, node.asText()).strip();
    }

    /** A label used when it is a non-blank string (else null), refused when it holds control characters. */
    private static String usableText(JsonNode parent, String name, String field, int max) {
        JsonNode node = parent.path(name);
        if (!node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        return limited(ControlCharacters.label(field, node.asText()).strip(), field, max);
    }

    private static String optionalText(JsonNode parent, String name, String field, int max) {
        JsonNode node = parent.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.invalid(field, "must be a non-blank string");
        }
        return limited(ControlCharacters.label(field, node.asText()).strip(), field, max);
    }

    private static String limited(String value, String field, int max) {
        if (value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    private static Instant time(JsonNode parent, String name, String field) {
        String value = text(parent, name, field);
        try {
            return EventTimes.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, EventTimes.EXPECTED);
        }
    }

    /** The first {@code login} given of the (object, field name) pairs: who deployed. */
    private static String firstLogin(Object... objectsAndFields) {
        for (int i = 0; i < objectsAndFields.length; i += 2) {
            String login = usableText((JsonNode) objectsAndFields[i], "login", objectsAndFields[i + 1] + ".login", 200);
            if (login != null) {
                return login;
            }
        }
        return null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
