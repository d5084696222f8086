package dev.whatmoved.testing.corpus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * A cheap "what is stored" of a service's database: the value of a few queries (row counts, a sequence's last value),
 * read on one connection. Pick what requests write synchronously; a query for asynchronous work that must be done
 * first ({@link #settledWhen}) keeps the reading honest.
 */
public final class DatabaseFingerprint implements Supplier<String>, AutoCloseable {

    private final String jdbcUrl;
    private final Map<String, String> queries = new LinkedHashMap<>();
    private String settled;
    private Connection connection;

    private DatabaseFingerprint(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public static DatabaseFingerprint of(String jdbcUrl) {
        return new DatabaseFingerprint(jdbcUrl);
    }

    /** Adds the row count of {@code table}. */
    public DatabaseFingerprint count(String table) {
        return query(table, "select count(*) from " + table);
    }

    /** Adds a query answering one value. */
    public DatabaseFingerprint query(String name, String sql) {
        queries.put(name, sql);
        return this;
    }

    /** A query answering true once the service's asynchronous work is done (e.g. no intake pending). */
    public DatabaseFingerprint settledWhen(String sql) {
        this.settled = sql;
        return this;
    }

    @Override
    public String get() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(jdbcUrl);
            }
            try (Statement statement = connection.createStatement()) {
                if (settled != null) {
                    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
                    while (!single(statement, settled).equals("t")
                            && Instant.now().isBefore(deadline)) {
                        Thread.sleep(2);
                    }
                }
                if (queries.isEmpty()) {
                    return "";
                }
                // every query as a column of one statement: one round trip per reading
                StringJoiner columns = new StringJoiner(", ", "select ", "");
                queries.values().forEach(sql -> columns.add("(" + sql + ")::text"));
                StringJoiner fingerprint = new StringJoiner(" ");
                try (ResultSet result = statement.executeQuery(columns.toString())) {
                    result.next();
                    int column = 1;
                    for (String name : queries.keySet()) {
                        fingerprint.add(name + "=" + result.getString(column++));
                    }
                }
                return fingerprint.toString();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the fingerprint of " + jdbcUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return String.valueOf(result.getString(1));
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}
