package dev.whatmoved.features.rest;

import dev.whatmoved.features.intake.IntakeResult;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.jboss.resteasy.reactive.RestResponse;

/** Answers shared by every release intake endpoint. */
public final class Responses {

    private Responses() {}

    /** 201 with Location for a new release; 200 with the stored release for a delivery seen before. */
    public static RestResponse<ReleaseView> intakeAnswer(IntakeResult result, UriInfo uri) {
        ReleaseView view = ReleaseView.of(result.release());
        if (!result.created()) {
            return RestResponse.ok(view);
        }
        URI location = uri.getBaseUriBuilder()
                .path("api/releases")
                .path(result.release().id.toString())
                .build();
        return RestResponse.ResponseBuilder.<ReleaseView>created(location)
                .entity(view)
                .build();
    }
}
