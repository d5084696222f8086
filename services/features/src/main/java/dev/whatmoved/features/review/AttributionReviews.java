package dev.whatmoved.features.review;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;

/** Attribution's review endpoint (its docs/api.md, operation {@code reviewPredictions}). */
@Path("/api/reviews")
public interface AttributionReviews {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Answer> review(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, Request request);

    record Request(List<Prediction> predictions) {}

    record Prediction(String metric, String direction, Double changePct, Integer horizonDays, Boolean guardrail) {}

    record Answer(String method, List<Review> reviews) {}

    record Review(
            String metric,
            LocalDate releaseDay,
            Double changePct,
            List<Checkpoint> checkpoints,
            Integer firstDetectableDay,
            String summary) {}

    record Checkpoint(
            int days, double decisionAlpha, Double mdeAbsolute, Double mdePct, Boolean detectable, String reason) {}
}
