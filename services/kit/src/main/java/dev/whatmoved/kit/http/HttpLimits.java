package dev.whatmoved.kit.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The limits on a request's head that the service answers with a problem (docs/security.md, "Request limits and error
 * answers"). The HTTP codec's own limits ({@code quarkus.http.limits.max-initial-line-length},
 * {@code quarkus.http.limits.max-header-size}) are set far above these, because a request over those is refused by
 * the codec before any handler sees it, with an empty body.
 */
@ConfigMapping(prefix = "whatmoved.http")
public interface HttpLimits {

    /** Bytes of the request line ({@code METHOD target HTTP/1.1}); longer: 414. */
    @WithDefault("4096")
    int maxRequestLine();

    /** Bytes of all header lines together; more: 431. */
    @WithDefault("20480")
    int maxHeaderBytes();
}
