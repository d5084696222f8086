package dev.whatmoved.features.intake.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.events.EventTimes;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.text.ControlCharacters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a GitLab webhook delivery (already verified). A deployment event ({@code X-Gitlab-Event: Deployment Hook},
 * {@code object_kind: deployment}) whose {@code status} is {@code success} is a release:
 *
 * <ul>
 *   <li>service: the project's path (last segment of {@code project.path_with_namespace});
 *   <li>version: {@code ref} (the tag or branch deployed), else the commit;
 *   <li>environment: {@code environment}; commit: the sha at the end of {@code commit_url} (the payload has no full
 *       sha field), else {@code short_sha}; deployed at: {@code status_changed_at}; creator: {@code user.username};
 *   <li>features: keys found in {@code commit_title};
 *   <li>delivery id: the deployment id ({@code deployment_id}, qualified by {@code X-Gitlab-Instance}), so a resent
 *       hook, a retry and a project plus a group hook for the same deployment all count once; without it, {@code
 *       X-Gitlab-Event-UUID}.
 * </ul>
 *
 * Other statuses ({@code running}, {@code failed}, {@code canceled}) and other hooks are acknowledged and ignored.
 */
public final class GitLabDeliveries {

    public static final String EVENT_HEADER = "X-Gitlab-Event";
    public static final String INSTANCE_HEADER = "X-Gitlab-Instance";
    public static final String EVENT_UUID_HEADER = "X-Gitlab-Event-UUID";

    private static final Pattern COMMIT_IN_URL = Pattern.compile("/commit/([0-9a-f]{7,64})/?$");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");
    /** How GitLab renders {@code status_changed_at}: {@code 2021-04-28 21:50:00 +0200}. */
    private static final DateTimeFormatter RUBY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS] XX");

    private static final DateTimeFormatter RUBY_UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS] z");

    private GitLabDeliveries() {}

    public static GitLabDelivery read(JsonNode body, String instance, String eventUuid) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
        String kind = body.path("object_kind").asText("");
        if (!"deployment".equals(kind)) {
            return new GitLabDelivery.Ignored(
                    "object_kind " + (kind.isBlank() ? "(none)" : kind) + ": only deployment events create releases");
        }
        String status = text(body, "status");
        if (!"success".equals(status)) {
            return new GitLabDelivery.Ignored("deployment " + status + ": only success creates a release");
        }

        JsonNode project = body.path("project");
        if (!project.isObject()) {
            throw ProblemException.invalid("project", "is required in a deployment event");
        }
        String service = project.path("path_with_namespace").isTextual()
                ? lastSegment(ControlCharacters.label(
                        "project.path_with_namespace",
                        project.path("path_with_namespace").asText()))
                : null;
        if (service == null || service.isBlank()) {
            service = text(project, "name", "project.name");
        }
        String commit = commit(body);
        String ref = ControlCharacters.label("ref", body.path("ref").asText(null));
        String version = ref != null && !ref.isBlank() ? ref.strip() : commit;
        if (version == null) {
            throw ProblemException.invalid("ref", "is required when the deployment names no commit");
        }
        String commitTitle = ControlCharacters.freeText(
                "commit_title", body.path("commit_title").asText(null));

        return new GitLabDelivery.Deployment(new ReleaseIntake(
                ReleaseIntake.GITLAB,
                deliveryId(body, instance, eventUuid),
                limited(service, "project.path_with_namespace", 200),
                limited(version, "ref", 200),
                limited(text(body, "environment"), "environment", 100),
                commit,
                time(body),
                ControlCharacters.label(
                        "user.username", body.path("user").path("username").asText(null)),
                commitTitle,
                List.of(),
                commitTitle == null ? List.of() : List.of(commitTitle),
                false));
    }

    private static String deliveryId(JsonNode body, String instance, String eventUuid) {
        JsonNode deployment = body.path("deployment_id");
        if (deployment.canConvertToLong()) {
            String id = "deployment-" + deployment.asLong();
            return instance == null || instance.isBlank() ? id : instance.strip() + "#" + id;
        }
        return eventUuid == null || eventUuid.isBlank() ? null : eventUuid.strip();
    }

    /** The commit: from {@code commit_url}, else {@code short_sha} (which is checked either way). */
    private static String commit(JsonNode body) {
        String shortSha =
                ControlCharacters.label("short_sha", body.path("short_sha").asText(""));
        String url = body.path("commit_url").asText("");
        Matcher inUrl = COMMIT_IN_URL.matcher(url);
        if (inUrl.find()) {
            return inUrl.group(1);
        }
        return SHA.matcher(shortSha).matches() ? shortSha : null;
    }

    private static Instant time(JsonNode body) {
        String value = text(body, "status_changed_at");
        try {
            return EventTimes.requireInRange(parseTime(value), value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(
                    "status_changed_at",
                    "must be a timestamp from 1970-01-01 to 9999-12-31 (e.g. 2026-11-24 10:15:30 +0100)");
        }
    }

    private static Instant parseTime(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notIso) {
            try {
                return OffsetDateTime.parse(value, RUBY_TIME).toInstant();
            } catch (DateTimeParseException notOffset) {
                return ZonedDateTime.parse(value, RUBY_UTC).toInstant();
            }
        }
    }

    private static String lastSegment(String path) {
        String trimmed = path.strip();
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    private static String text(JsonNode body, String field) {
        return text(body, field, field);
    }

    private static String text(JsonNode parent, String name, String field) {
        JsonNode node = parent.path(name);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw ProblemException.invalid(field, "must not be blank");
        }
        return ControlCharacters.label(field, node.asText()).strip();
    }

    private static String limited(String value, String field, int max) {
        if (value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        return value;
    }
}
