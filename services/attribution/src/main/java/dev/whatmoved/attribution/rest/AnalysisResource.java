package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.AnalysisService;
import dev.whatmoved.kit.security.Scopes;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/analyses")
public class AnalysisResource {

    private final AnalysisService analyses;

    public AnalysisResource(AnalysisService analyses) {
        this.analyses = analyses;
    }

    @POST
    @RolesAllowed(Scopes.READ) // computes, stores nothing
    @Operation(
            summary = "Analyse your own series (CausalImpact-style)",
            description = "Fits a structural time-series model (level, trend where the data supports it, optional"
                    + " seasonality, regression on the controls, AR(1) noise) to the pre-period and compares the"
                    + " post-period with its forecast. Nothing is stored.")
    @APIResponse(responseCode = "200", description = "The effect: averages, sums, tail probability, pointwise series")
    @APIResponse(responseCode = "400", description = "Data that cannot be analysed (problem+json names the field)")
    public AnalysisResponse analyse(AnalysisRequest request) {
        return analyses.analyse(request);
    }
}
