package dev.whatmoved.features.rest.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.features.intake.gitlab.GitLabConfig;
import dev.whatmoved.features.intake.gitlab.GitLabDeliveries;
import dev.whatmoved.features.intake.gitlab.GitLabDelivery;
import dev.whatmoved.features.intake.gitlab.GitLabToken;
import dev.whatmoved.features.rest.ReleaseView;
import dev.whatmoved.features.rest.Responses;
import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * GitLab's webhook (deployment events). Authenticated by its own scheme, not a bearer token: the secret token GitLab
 * sends in {@code X-Gitlab-Token}.
 */
@Path("/webhooks/gitlab")
@PermitAll
public class GitLabWebhookResource {

    private final ReleaseService releases;
    private final GitLabConfig config;
    private final ObjectMapper json;

    public GitLabWebhookResource(ReleaseService releases, GitLabConfig config, ObjectMapper json) {
        this.releases = releases;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "receiveGitLabDeployment",
            summary = "GitLab webhook",
            description = "A deployment event (X-Gitlab-Event: Deployment Hook) with status success is stored as a"
                    + " release (source gitlab) and publishes release.deployed; other statuses and hooks are"
                    + " acknowledged and ignored. X-Gitlab-Token must match WHATMOVED_INTAKE_GITLAB_TOKEN when that is"
                    + " set. The deployment id makes a resent hook idempotent. See docs/intake.md.")
    @APIResponse(
            responseCode = "201",
            description = "A successful deployment: stored; Location names the release",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(responseCode = "200", description = "A resent deployment (the stored release), or an ignored event")
    @APIResponse(responseCode = "401", description = "Missing or wrong X-Gitlab-Token")
    @APIResponse(
            responseCode = "400",
            description = "Not JSON, a field the release needs is missing, or X-Gitlab-Instance or X-Gitlab-Event-UUID"
                    + " is over 200 printable ASCII characters")
    @APIResponse(responseCode = "413", description = "Body over 1 MiB")
    public Uni<Response> deliver(
            byte[] body,
            @RestHeader(GitLabToken.HEADER) String token,
            @RestHeader(GitLabDeliveries.EVENT_HEADER) String event,
            @RestHeader(GitLabDeliveries.INSTANCE_HEADER) String instance,
            @RestHeader(GitLabDeliveries.EVENT_UUID_HEADER) String eventUuid,
            UriInfo uri)
            throws IOException {
        byte[] raw = BodyLimit.check(body);
        instance = DeliveryHeaders.check(GitLabDeliveries.INSTANCE_HEADER, instance);
        eventUuid = DeliveryHeaders.check(GitLabDeliveries.EVENT_UUID_HEADER, eventUuid);
        if (config.token().isPresent() && !GitLabToken.matches(config.token().get(), token)) {
            Log.warnf("refused GitLab %s %s: %s", event, eventUuid, token == null ? "no token" : "wrong token");
            throw new ProblemException(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    token == null
                            ? GitLabToken.HEADER + " is required: the webhook must be configured with the secret token"
                            : GitLabToken.HEADER + " does not match the configured secret token",
                    List.of());
        }
        GitLabDelivery read = GitLabDeliveries.read(json.readTree(raw), instance, eventUuid);
        if (read instanceof GitLabDelivery.Deployment deployment) {
            return releases.intake(deployment.release())
                    .map(result -> Responses.intakeAnswer(result, uri).toResponse());
        }
        return Uni.createFrom()
                .item(Response.ok(WebhookAnswer.ignored(((GitLabDelivery.Ignored) read).reason()))
                        .build());
    }
}
