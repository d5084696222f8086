package dev.whatmoved.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real PostgreSQL 17 server from the zonky binaries, keeping its data between runs, with the
 * services' role and databases created on first start.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";

    private final Path dataDir;
    private final Path binariesDir;
    private final Path logFile;
    private final int port;
    private EmbeddedPostgres postgres;

    /**
     * @param dataDir the cluster's data directory; kept on close so a restart keeps the data
     * @param binariesDir where the binaries are unpacked (instead of the default under /tmp)
     */
    EmbeddedPostgresServer(Path dataDir, Path binariesDir, Path logFile, int port) {
        this.dataDir = dataDir;
        this.binariesDir = binariesDir;
        this.logFile = logFile;
        this.port = port;
    }

    void start(Duration timeout) {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(binariesDir);
            postgres = builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(binariesDir.toFile())
                    // The platform stops PostgreSQL itself, last, after the services and Kafka.
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(timeout)
                    // TCP only: no socket file in /tmp, and nothing here connects through one.
                    .setServerConfig("unix_socket_directories", "")
                    // zonky starts PostgreSQL tuned for throwaway test data (-F, synchronous_commit=off); this one
                    // keeps a team's data, and a 2xx from a service must mean it is durable.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // initdb and server output go to the log file rather than the launcher's console.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw startFailure(e);
        }
    }

    private LauncherException startFailure(Exception e) {
        if (e instanceof IllegalStateException && "could not lock".equals(e.getMessage())) {
            // zonky's lock on the data directory: another launcher uses it (on other ports).
            return new LauncherException(
                    dataDir + " is in use by another PostgreSQL; is another ./whatmoved running with the same "
                            + Setting.DATA_DIR.howToSet() + "?",
                    e);
        }
        return new LauncherException(
                "PostgreSQL did not start: " + e.getMessage() + System.lineSeparator() + ChildProcess.tail(logFile, 30),
                e);
    }

    /**
     * zonky also creates (and sweeps) a "parent directory", {@code /tmp/embedded-pg} unless the
     * {@code ot.epg.working-dir} property says otherwise; that property is read when the builder is
     * made, so it is set only for that moment.
     */
    private EmbeddedPostgres.Builder builder() {
        synchronized (System.getProperties()) {
            String previous = System.getProperty(WORKING_DIR_PROPERTY);
            System.setProperty(WORKING_DIR_PROPERTY, binariesDir.toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(WORKING_DIR_PROPERTY, previous);
                }
            }
        }
    }

    /** Creates the login role and one database per service, each owned by that role, where missing. */
    void ensureDatabases(String user, String password, List<String> databases) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement ddl = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
                ddl.execute("CREATE ROLE " + identifier(user) + " LOGIN PASSWORD " + literal(password));
            }
            for (String database : databases) {
                if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                    ddl.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(user));
                }
            }
        } catch (SQLException e) {
            throw new LauncherException("could not create the databases: " + e.getMessage(), e);
        }
    }

    int port() {
        return port;
    }

    /** The postmaster's pid (pg_ctl starts it detached, so it is not a child of this JVM). */
    Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Fast shutdown via pg_ctl: open sessions are ended, the data is kept. */
    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new LauncherException("PostgreSQL did not stop cleanly: " + e.getMessage(), e);
            } finally {
                postgres = null;
            }
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    private static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }
}
