package dev.whatmoved.kit.security;

import java.util.List;

/**
 * The scopes a bearer token may carry (its {@code scope} claim, space-separated, as in OAuth 2.0). Each endpoint
 * declares the one it needs with {@code @RolesAllowed}; {@link #ADMIN} stands for all of them.
 */
public final class Scopes {

    /** CI pipelines: report releases. */
    public static final String RELEASES_WRITE = "releases:write";
    /** Analytics exporters: send metric points. */
    public static final String METRICS_WRITE = "metrics:write";
    /** Product leads: register features and their predictions. */
    public static final String FEATURES_WRITE = "features:write";
    /** Viewers and the console: read everything, change nothing. */
    public static final String READ = "read";
    /** Operators: every scope. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(RELEASES_WRITE, METRICS_WRITE, FEATURES_WRITE, READ, ADMIN);

    private Scopes() {}
}
