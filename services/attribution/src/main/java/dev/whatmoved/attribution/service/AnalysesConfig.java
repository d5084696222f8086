package dev.whatmoved.attribution.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits of the ad-hoc analyses ({@code POST /api/analyses}): what one request, one caller and all may take. */
@ConfigMapping(prefix = "whatmoved.analyses")
public interface AnalysesConfig {

    /**
     * The most work one analysis may take, estimated before it runs ({@code AnalysisWork}); larger requests are
     * answered 422 naming what to reduce. The default's largest analyses take 0.5 to 2.7 s on the 2-core build machine
     * at moderate load (docs/api.md).
     */
    @WithDefault("4000000000")
    long maxWork();

    /** An analysis still running after this long is stopped and answered 503. */
    @WithDefault("10s")
    Duration timeout();

    /** Analyses one caller (the token's subject) may have running at once; one more is answered 429. */
    @WithDefault("1")
    int perCaller();

    /** Analyses running at once in this instance, whoever asked (the size of their worker pool); one more is 503. */
    @WithDefault("2")
    int concurrent();

    /**
     * How long a request over either limit waits for a slot before it is refused: enough for a caller's small
     * analyses sent together (the console draws a feature's charts at once, with one token) to run one after the
     * other, far too short to queue up work.
     */
    @WithDefault("1s")
    Duration queueWait();

    /** The {@code Retry-After} of a 429 or 503 refusal. */
    @WithDefault("2s")
    Duration retryAfter();
}
