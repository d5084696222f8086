package dev.whatmoved.features.intake.cdevents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.whatmoved.events.EventTimes;
import dev.whatmoved.features.intake.FeatureKeys;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.text.ControlCharacters;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a CDEvent ({@code dev.cdevents.service.deployed}, {@code service.upgraded} or {@code service.rolledback}, of
 * any event version: spec 0.3 sends 0.1.x, 0.4 sends 0.2.0, 0.5 sends 0.3.0) as a release:
 *
 * <ul>
 *   <li>delivery id: {@code context.id} (the idempotency key); deployed at: {@code context.timestamp}; creator:
 *       {@code context.source} (the system that deployed);
 *   <li>environment: {@code subject.content.environment.id};
 *   <li>service and version: from {@code subject.content.artifactId} (a purl's name and version, an OCI purl's
 *       {@code tag} qualifier, or an image reference's name and tag); the service falls back to the last segment of
 *       {@code subject.id}, the version to the artifact id itself;
 *   <li>{@code customData} (an object, or base64 JSON with {@code customDataContentType: application/json}) may set
 *       {@code service}, {@code version}, {@code commit}, {@code features} (feature keys) and {@code description} (text
 *       searched for feature keys), which win over the above;
 *   <li>{@code service.rolledback} is a rollback.
 * </ul>
 *
 * The spec version ({@code context.version} up to 0.4, {@code context.specversion} from 0.5) is not needed to read
 * these fields; 0.4's {@code chainId}, {@code links} and {@code schemaUri} are accepted and not used.
 */
public final class CdEvents {

    public static final String DEPLOYED = "service.deployed";
    public static final String UPGRADED = "service.upgraded";
    public static final String ROLLED_BACK = "service.rolledback";

    private static final Set<String> RELEASES = Set.of(DEPLOYED, UPGRADED, ROLLED_BACK);
    private static final Pattern TYPE =
            Pattern.compile("dev\\.cdevents\\.([a-zA-Z]+)\\.([a-zA-Z]+)\\.(\\d+\\.\\d+\\.\\d+.*)");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

    private CdEvents() {}

    /**
     * @throws UnsupportedCdEventException when the event is not one of the three release events
     * @throws ProblemException 400 naming the field, when a field the release needs is missing or invalid
     */
    public static ReleaseIntake toIntake(JsonNode event, ObjectMapper json) {
        if (event == null || !event.isObject()) {
            throw ProblemException.invalid("body", "must be a CDEvent: a JSON object with context and subject");
        }
        JsonNode context = object(event, "context", "context");
        String type = text(context, "type", "context.type", 300);
        Matcher parts = TYPE.matcher(type);
        if (!parts.matches()) {
            throw new UnsupportedCdEventException(type, false);
        }
        String kind = parts.group(1) + "." + parts.group(2);
        if (!RELEASES.contains(kind)) {
            throw new UnsupportedCdEventException(type, true);
        }
        String id = text(context, "id", "context.id", 200);
        Instant timestamp = time(context);
        String source = context.path("source").isTextual()
                ? ControlCharacters.label(
                        "context.source", context.path("source").asText())
                : null;

        JsonNode subject = object(event, "subject", "subject");
        String subjectId = text(subject, "id", "subject.id", 500);
        JsonNode content = object(subject, "content", "subject.content");
        String environment = text(
                object(content, "environment", "subject.content.environment"),
                "id",
                "subject.content.environment.id",
                100);
        String artifactId = text(content, "artifactId", "subject.content.artifactId", 1000);
        ArtifactIds.Artifact artifact = ArtifactIds.parse(artifactId);

        JsonNode custom = customData(event, json);
        String service = optionalText(custom, "service", 200, false);
        if (service == null) {
            service = artifact.name() != null ? artifact.name() : lastSegment(subjectId);
            service = limited(
                    ControlCharacters.label("subject.content.artifactId", service), "subject.content.artifactId", 200);
        }
        String version = optionalText(custom, "version", 200, false);
        if (version == null) {
            version = limited(
                    ControlCharacters.label(
                            "subject.content.artifactId", artifact.version() != null ? artifact.version() : artifactId),
                    "subject.content.artifactId",
                    200);
        }
        String commit = optionalText(custom, "commit", 64, false);
        if (commit != null && !SHA.matcher(commit).matches()) {
            throw ProblemException.invalid(
                    "customData.commit", "must be a hexadecimal commit sha (7 to 64 characters)");
        }
        String description = optionalText(custom, "description", 4000, true);

        return new ReleaseIntake(
                ReleaseIntake.CDEVENTS,
                id,
                service,
                version,
                environment,
                commit != null ? commit : artifact.commit(),
                timestamp,
                source,
                description,
                FeatureKeys.read(custom.path("features"), "customData.features"),
                description == null ? List.of() : List.of(description),
                ROLLED_BACK.equals(kind));
    }

    /** {@code customData}: an object, or base64-encoded JSON when {@code customDataContentType} says so. */
    private static JsonNode customData(JsonNode event, ObjectMapper json) {
        JsonNode custom = event.path("customData");
        if (custom.isObject()) {
            return custom;
        }
        String contentType = event.path("customDataContentType").asText("");
        if (custom.isTextual() && contentType.toLowerCase().contains("json")) {
            try {
                JsonNode decoded =
                        json.readTree(Base64.getDecoder().decode(custom.asText().strip()));
                if (decoded != null && decoded.isObject()) {
                    return decoded;
                }
            } catch (IllegalArgumentException | IOException e) {
                throw ProblemException.invalid(
                        "customData", "must be base64-encoded JSON, as customDataContentType says");
            }
        }
        return MissingNode.getInstance();
    }

    private static Instant time(JsonNode context) {
        String value = text(context, "timestamp", "context.timestamp", 100);
        try {
            return EventTimes.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("context.timestamp", EventTimes.EXPECTED);
        }
    }

    private static JsonNode object(JsonNode parent, String name, String field) {
        JsonNode node = parent.path(name);
        if (!node.isObject()) {
            throw ProblemException.invalid(field, "is required");
        }
        return node;
    }

    private static String text(JsonNode parent, String name, String field, int max) {
        JsonNode node = parent.path(name);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.invalid(field, "must not be blank");
        }
        return limited(ControlCharacters.label(field, node.asText()).strip(), field, max);
    }

    /** A string of {@code customData}, or null; a label unless {@code freeText}. */
    private static String optionalText(JsonNode custom, String name, int max, boolean freeText) {
        JsonNode node = custom.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.invalid("customData." + name, "must be a non-blank string");
        }
        String field = "customData." + name;
        String value = freeText
                ? ControlCharacters.freeText(field, node.asText())
                : ControlCharacters.label(field, node.asText());
        return limited(value.strip(), field, max);
    }

    private static String limited(String value, String field, int max) {
        if (value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }

    private static String lastSegment(String id) {
        String trimmed = id.strip();
        while (trimmed.endsWith("/") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
