package dev.whatmoved.attribution.rest;

import dev.whatmoved.attribution.service.AnalysisService;
import dev.whatmoved.kit.security.Scopes;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.security.Principal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/analyses")
public class AnalysisResource {

    private final AnalysisService analyses;
    private final SecurityIdentity identity;

    public AnalysisResource(AnalysisService analyses, SecurityIdentity identity) {
        this.analyses = analyses;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Scopes.READ) // computes, stores nothing
    @Operation(
            operationId = "analyse",
            summary = "Analyse your own series (CausalImpact-style)",
            description = "Fits a structural time-series model (level, trend where the data supports it, optional"
                    + " seasonality, regression on the controls, AR(1) noise) to the pre-period and compares the"
                    + " post-period with its forecast. Nothing is stored. Limited in work per request, in time, and"
                    + " in analyses running at once per caller and in all (docs/api.md).")
    @APIResponse(responseCode = "200", description = "The effect: averages, sums, tail probability, pointwise series")
    @APIResponse(responseCode = "400", description = "Data that cannot be analysed (problem+json names the field)")
    @APIResponse(
            responseCode = "422",
            description = "More work than one request may take (problem+json names what would fit)")
    @APIResponse(responseCode = "429", description = "The caller has as many analyses running as allowed (Retry-After)")
    @APIResponse(
            responseCode = "503",
            description = "As many analyses running as allowed in all (Retry-After), or the analysis timed out")
    public AnalysisResponse analyse(AnalysisRequest request) {
        AnalysisService.Answer answer = analyses.analyse(caller(), request == null ? null : request.toQuestion());
        return AnalysisResponse.of(answer.alpha(), answer.result());
    }

    /** The token's subject; the principal's name without one (with authentication off, every caller is one). */
    private String caller() {
        Principal principal = identity.getPrincipal();
        if (principal instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return principal == null ? "" : principal.getName();
    }
}
