package dev.whatmoved.metrics.pull;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Pulled metrics: the connections definitions name, and how pulls are run. */
@ConfigMapping(prefix = "whatmoved.metrics.pull")
public interface PullConfig {

    /** Whether this instance runs due pulls (definitions can be made either way). */
    @WithDefault("true")
    boolean enabled();

    /** How often due definitions are looked for. */
    @WithDefault("5s")
    Duration tick();

    /** The longest one pull may take (a query's timeout; the store is awaited as long). */
    @WithDefault("5m")
    Duration timeout();

    /** The least interval a definition may be pulled at ({@code source.every}). */
    @WithDefault("PT1M")
    Duration minEvery();

    /** Pulls running at once (each on its own worker thread); more due ones wait for the next tick. */
    @WithDefault("2")
    int concurrency();

    /** The connections, by the name definitions use. */
    Map<String, Connection> connections();

    /** A place to pull from. */
    interface Connection {

        /** A JDBC URL ({@code jdbc:postgresql://host/db}, {@code jdbc:duckdb:/path/file.duckdb}) or an HTTP URL. */
        String url();

        /** The user to log in as. */
        Optional<String> user();

        /** Its password (set it from a secret, e.g. the environment variable of this property). */
        Optional<String> password();
    }

    /** The named connection as handed to a source, or null when configuration has none of that name. */
    default PullConnection connection(String name) {
        Connection connection = connections().get(name);
        return connection == null
                ? null
                : new PullConnection(name, connection.url(), connection.user(), connection.password());
    }
}
