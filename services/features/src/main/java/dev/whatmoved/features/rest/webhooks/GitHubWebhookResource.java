package dev.whatmoved.features.rest.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.features.intake.github.DeliveryAge;
import dev.whatmoved.features.intake.github.GitHubConfig;
import dev.whatmoved.features.intake.github.GitHubDeliveries;
import dev.whatmoved.features.intake.github.GitHubDelivery;
import dev.whatmoved.features.intake.github.GitHubSignature;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

/**
 * GitHub's webhook ({@code deployment_status} events). Authenticated by its own scheme, not a bearer token: the HMAC
 * signature of the raw body ({@code X-Hub-Signature-256}), checked before the body is parsed.
 */
@Path("/webhooks/github")
@PermitAll
public class GitHubWebhookResource {

    private final ReleaseService releases;
    private final GitHubConfig config;
    private final ObjectMapper json;

    public GitHubWebhookResource(ReleaseService releases, GitHubConfig config, ObjectMapper json) {
        this.releases = releases;
        this.config = config;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "receiveGitHubDeployment",
            summary = "GitHub webhook",
            description = "A deployment_status event with state success is stored as a release (source github) and"
                    + " publishes release.deployed; other states and events are acknowledged and ignored; ping is"
                    + " answered. Signed with X-Hub-Signature-256 when WHATMOVED_INTAKE_GITHUB_SECRET is set;"
                    + " the deployment's id in the signed body makes it count once, whichever hook delivers it and"
                    + " however often; a signed status older than whatmoved.intake.github.max-delivery-age (7 days)"
                    + " is refused. See docs/intake.md.")
    @APIResponse(
            responseCode = "201",
            description = "A successful deployment: stored; Location names the release",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "200",
            description = "A deployment stored before (the stored release), a ping, or an ignored event")
    @APIResponse(responseCode = "401", description = "Missing or wrong X-Hub-Signature-256")
    @APIResponse(
            responseCode = "400",
            description = "Not JSON, a field the release needs is missing, or X-GitHub-Delivery is over 200 printable"
                    + " ASCII characters")
    @APIResponse(responseCode = "413", description = "Body over 1 MiB")
    @APIResponse(responseCode = "422", description = "A signed deployment status older than the configured bound")
    public Uni<Response> deliver(
            byte[] body,
            @RestHeader(GitHubDeliveries.EVENT_HEADER) String event,
            @RestHeader(GitHubDeliveries.DELIVERY_HEADER) String delivery,
            @RestHeader(GitHubSignature.HEADER) String signature,
            @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            UriInfo uri)
            throws IOException {
        byte[] raw = BodyLimit.check(body);
        delivery = DeliveryHeaders.check(GitHubDeliveries.DELIVERY_HEADER, delivery);
        if (config.secret().isPresent()
                && !GitHubSignature.matches(config.secret().get(), raw, signature)) {
            Log.warnf("refused GitHub delivery %s: %s", delivery, signature == null ? "unsigned" : "bad signature");
            throw new ProblemException(
                    401,
                    "unauthorized",
                    "Unauthorized",
                    signature == null
                            ? GitHubSignature.HEADER + " is required: the webhook must be configured with the secret"
                            : GitHubSignature.HEADER + " does not match the body and the configured secret",
                    List.of());
        }
        GitHubDelivery read = GitHubDeliveries.read(event, payload(raw, contentType));
        if (read instanceof GitHubDelivery.Deployment deployment) {
            if (config.secret().isPresent()) {
                DeliveryAge.check(deployment, Instant.now(), config.maxDeliveryAge());
            }
            return releases.intake(deployment.release())
                    .map(result -> Responses.intakeAnswer(result, uri).toResponse());
        }
        WebhookAnswer answer = read instanceof GitHubDelivery.Ping ping
                ? WebhookAnswer.pong("hook " + ping.hookId() + " reaches whatmoved")
                : WebhookAnswer.ignored(((GitHubDelivery.Ignored) read).reason());
        return Uni.createFrom().item(Response.ok(answer).build());
    }

    /** GitHub sends JSON as is, or form-encoded as {@code payload=<json>} when the hook's content type says so. */
    private JsonNode payload(byte[] raw, String contentType) throws IOException {
        if (contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
            String form = new String(raw, StandardCharsets.UTF_8);
            for (String pair : form.split("&")) {
                if (pair.startsWith("payload=")) {
                    String payload;
                    try {
                        payload = URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException e) {
                        throw ProblemException.invalid("payload", "is not form-encoded: " + e.getMessage());
                    }
                    return json.readTree(payload);
                }
            }
            throw ProblemException.invalid("payload", "is required in a form-encoded delivery");
        }
        return json.readTree(raw);
    }
}
