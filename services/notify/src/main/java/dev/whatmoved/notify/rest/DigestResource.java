package dev.whatmoved.notify.rest;

import dev.whatmoved.kit.security.Scopes;
import dev.whatmoved.kit.text.NoControlCharacters;
import dev.whatmoved.notify.digest.DigestMarkdown;
import dev.whatmoved.notify.digest.DigestService;
import dev.whatmoved.notify.digest.DigestSince;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A team's "what moved" digest as Markdown: what `./whatmoved digest` prints. */
@Path("/api/teams/{team}/digest")
public class DigestResource {

    static final String MARKDOWN = "text/markdown; charset=utf-8";

    private final DigestService digests;

    public DigestResource(DigestService digests) {
        this.digests = digests;
    }

    @GET
    @RolesAllowed(Scopes.READ)
    @Produces(MARKDOWN)
    @Operation(operationId = "getDigest", summary = "The team's digest of a period back from now, as Markdown")
    @APIResponse(
            responseCode = "200",
            description = "Verdicts that landed, guardrail breaches, releases without a prediction, amendments after"
                    + " ship, and what is still pending with when it will be read",
            content = @Content(mediaType = MARKDOWN, schema = @Schema(implementation = String.class)))
    public Uni<String> digest(
            @PathParam("team") @Size(min = 1, max = 100) @NoControlCharacters String team,
            @QueryParam("since") @DefaultValue("7d") String since,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Instant to = Instant.now();
        Instant from = to.minus(DigestSince.parse(since));
        return digests.digest(team, from, to, authorization).map(DigestMarkdown::of);
    }
}
