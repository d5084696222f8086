package dev.whatmoved.notify.digest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Attribution's calibration endpoint (docs/api.md, operation {@code getCalibration}): the parts the digest shows. */
@Path("/api/calibration")
public interface AttributionCalibration {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Answer> calibration(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("team") String team);

    record Answer(List<Quarter> quarters, Relative relative) {}

    record Quarter(String quarter, int predictions, int scored, Double brierScore, Double directionHitRate) {}

    record Relative(String peers, int peersScored, Double medianBrierScore, Double relativeBrierScore) {}
}
