package dev.whatmoved.features.rest.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.features.intake.ReleaseIntake;
import dev.whatmoved.features.intake.cdevents.CdEvents;
import dev.whatmoved.features.intake.cdevents.CloudEventsBinding;
import dev.whatmoved.features.intake.cdevents.UnsupportedCdEventException;
import dev.whatmoved.features.rest.ReleaseView;
import dev.whatmoved.features.rest.Responses;
import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.kit.problem.ProblemException;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * CDEvents over HTTP: {@code service.deployed}, {@code service.upgraded} and {@code service.rolledback} as CloudEvents
 * in binary or structured mode (or a bare CDEvent). CD systems that post CDEvents can send a bearer token, so this
 * endpoint takes the same token as {@code POST /api/releases} ({@code releases:write}).
 */
@Path("/webhooks/cdevents")
public class CdEventsResource {

    private final ReleaseService releases;
    private final ObjectMapper json;

    public CdEventsResource(ReleaseService releases, ObjectMapper json) {
        this.releases = releases;
        this.json = json;
    }

    @POST
    @RolesAllowed(Scopes.RELEASES_WRITE)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            operationId = "receiveCdEvent",
            summary = "Receive a CDEvent",
            description = "dev.cdevents.service.deployed, service.upgraded or service.rolledback (spec 0.3, 0.4, 0.5)"
                    + " as a CloudEvent over HTTP: binary mode (ce-* headers, the CDEvent as body) or structured mode"
                    + " (Content-Type: application/cloudevents+json). Stored as a release (source cdevents);"
                    + " service.rolledback marks the release it replaces rolled back. The CDEvent's context.id makes"
                    + " redelivery idempotent. See docs/intake.md.")
    @APIResponse(
            responseCode = "201",
            description = "Stored; Location names the release",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(responseCode = "200", description = "This context.id was seen before: the stored release")
    @APIResponse(responseCode = "400", description = "Not JSON, or a field the release needs is missing")
    @APIResponse(responseCode = "413", description = "Body over 1 MiB")
    @APIResponse(responseCode = "422", description = "Not a service.deployed/upgraded/rolledback event")
    public Uni<RestResponse<ReleaseView>> receive(
            byte[] body, @RestHeader(HttpHeaders.CONTENT_TYPE) String contentType, UriInfo uri) throws IOException {
        byte[] raw = BodyLimit.check(body);
        ReleaseIntake intake;
        try {
            intake = CdEvents.toIntake(CloudEventsBinding.cdEvent(contentType, json.readTree(raw), json), json);
        } catch (UnsupportedCdEventException e) {
            throw new ProblemException(
                    422,
                    "unsupported-event-type",
                    "Unsupported event type",
                    e.getMessage(),
                    List.of(new Problem.FieldError("context.type", e.getMessage())));
        }
        return releases.intake(intake).map(result -> Responses.intakeAnswer(result, uri));
    }
}
