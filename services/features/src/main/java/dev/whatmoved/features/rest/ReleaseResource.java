package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.ReleaseService;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/releases")
public class ReleaseResource {

    private final ReleaseService releases;

    public ReleaseResource(ReleaseService releases) {
        this.releases = releases;
    }

    @RolesAllowed(Scopes.RELEASES_WRITE)
    @POST
    @Operation(summary = "Report a deployment", description = "Stores the release and publishes release.deployed.")
    @APIResponse(responseCode = "201", description = "Stored; Location names the release")
    @APIResponse(responseCode = "400", description = "Invalid release (problem+json names each field)")
    public Uni<RestResponse<ReleaseView>> report(@Valid @NotNull ReleaseRequest request, UriInfo uri) {
        return releases.record(request).map(release -> RestResponse.ResponseBuilder.<ReleaseView>created(
                        uri.getAbsolutePathBuilder().path(release.id.toString()).build())
                .entity(ReleaseView.of(release))
                .build());
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/{id}")
    @Operation(summary = "Read a release")
    public Uni<ReleaseView> get(@PathParam("id") UUID id) {
        return releases.get(id).map(ReleaseView::of);
    }
}
