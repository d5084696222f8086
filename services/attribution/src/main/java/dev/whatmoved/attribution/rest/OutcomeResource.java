package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.OutcomeService;
import dev.whatmoved.kit.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/releases/{id}/outcomes")
public class OutcomeResource {

    private final OutcomeService outcomes;

    public OutcomeResource(OutcomeService outcomes) {
        this.outcomes = outcomes;
    }

    @RolesAllowed(Scopes.READ)
    @GET
    @Operation(
            summary = "What a release's metrics did next",
            description = "For each metric a feature of the release predicts: the mean daily value of the 28 days"
                    + " before the release against the days after (method before-after, a placeholder).")
    @APIResponse(responseCode = "200", description = "Outcomes per linked metric (empty when none is linked yet)")
    @APIResponse(responseCode = "404", description = "No release with this id has been announced (yet)")
    public Uni<ReleaseOutcomes> outcomes(@PathParam("id") UUID id) {
        return outcomes.outcomesOf(id);
    }
}
