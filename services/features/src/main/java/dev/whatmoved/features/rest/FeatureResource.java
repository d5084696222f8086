package dev.whatmoved.features.rest;

import dev.whatmoved.features.service.FeatureService;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/features")
public class FeatureResource {

    private final FeatureService features;

    public FeatureResource(FeatureService features) {
        this.features = features;
    }

    @RolesAllowed(Scopes.FEATURES_WRITE)
    @POST
    @Operation(
            summary = "Register a feature and commit the metric it should move",
            description = "Publishes feature.committed; the prediction is frozen from then on.")
    @APIResponse(responseCode = "201", description = "Committed; Location names the feature")
    @APIResponse(responseCode = "409", description = "A feature with this key is already committed")
    public Uni<RestResponse<FeatureView>> register(@Valid @NotNull FeatureRequest request, UriInfo uri) {
        return features.register(request).map(feature -> RestResponse.ResponseBuilder.<FeatureView>created(
                        uri.getAbsolutePathBuilder().path(feature.key).build())
                .entity(FeatureView.of(feature))
                .build());
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Path("/{key}")
    @Operation(summary = "Read a feature")
    public Uni<FeatureView> get(@PathParam("key") String key) {
        return features.get(key).map(FeatureView::of);
    }
}
