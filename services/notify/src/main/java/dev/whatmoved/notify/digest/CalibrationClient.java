package dev.whatmoved.notify.digest;

import dev.whatmoved.notify.config.NotifyConfig;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads a team's calibration trend from attribution, which owns it: notify stores no calibration. Asked when a digest
 * is made, with the caller's token (a printed digest) or notify's own read token (the weekly one). When attribution
 * cannot answer in time the digest goes without it and says why: a digest never depends on attribution.
 */
@ApplicationScoped
public class CalibrationClient {

    private final NotifyConfig.Calibration config;
    private final AttributionCalibration attribution;

    public CalibrationClient(NotifyConfig config) {
        this.config = config.calibration();
        this.attribution = QuarkusRestClientBuilder.newBuilder()
                .baseUri(this.config.attributionUrl())
                .connectTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(AttributionCalibration.class);
    }

    /** @param authorization the caller's Authorization header, or null: notify's own token (if configured) is sent */
    public Uni<CalibrationTrend> trend(String team, String authorization) {
        if (!config.enabled()) {
            return Uni.createFrom()
                    .item(CalibrationTrend.unavailable("turned off here (whatmoved.notify.calibration.enabled=false)"));
        }
        String auth = authorization != null
                ? authorization
                : config.token().map(token -> "Bearer " + token).orElse(null);
        return attribution
                .calibration(auth, team)
                .ifNoItem()
                .after(config.timeout())
                .fail()
                .map(answer -> new CalibrationTrend(
                        null, answer.quarters() == null ? List.of() : answer.quarters(), answer.relative()))
                .onFailure()
                .recoverWithItem(failure -> {
                    String reason = reason(failure);
                    Log.warnf("digest of %s without its calibration: %s", team, reason);
                    return CalibrationTrend.unavailable(reason);
                });
    }

    private String reason(Throwable failure) {
        String at = " at " + config.attributionUrl();
        if (failure instanceof TimeoutException || failure instanceof java.util.concurrent.TimeoutException) {
            return "attribution did not answer within " + config.timeout().toSeconds() + " s" + at;
        }
        if (failure instanceof WebApplicationException web) {
            return "attribution answered " + web.getResponse().getStatus() + at;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "attribution is unreachable" + at;
            }
        }
        return "attribution could not be asked" + at + ": " + failure.getClass().getSimpleName();
    }
}
