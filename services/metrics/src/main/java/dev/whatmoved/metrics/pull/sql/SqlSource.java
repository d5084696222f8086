package dev.whatmoved.metrics.pull.sql;

import dev.whatmoved.kit.problem.Problem;
import dev.whatmoved.metrics.pull.PullConfig;
import dev.whatmoved.metrics.pull.PullConnection;
import dev.whatmoved.metrics.pull.PullDefinition;
import dev.whatmoved.metrics.pull.PullRequest;
import dev.whatmoved.metrics.pull.PullSource;
import dev.whatmoved.metrics.pull.Pulled;
import dev.whatmoved.metrics.pull.PulledRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Pulls a metric with a SQL query over JDBC ({@code kind: sql}), from a warehouse or a product's own database. The query
 * returns a row per point: a column {@code timestamp}, a column {@code value} (or {@code numerator} and {@code
 * denominator}), and any further columns as dimensions named as the columns; the watermark column (by default {@code
 * timestamp}) is one of its columns.
 *
 * <p>A pull wraps the query ({@code select ... from (<query>) pulled where ...}) three times: with no rows, to learn its
 * columns; to find the span of what is new ({@code watermark > stored watermark}: the oldest and newest timestamp and
 * the greatest watermark); and to fetch every row of the days of that span, since the rows replace those days'
 * buckets. The new watermark is the one found in the second step: a row changed after it is fetched by the next pull.
 * It runs in a read-only transaction where the driver has one.
 */
@ApplicationScoped
public class SqlSource implements PullSource {

    public static final String KIND = "sql";

    /** A watermark column: a plain identifier, as it is put into the wrapping query. */
    static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    static final int MAX_QUERY = 20_000;

    private final PullConfig config;

    public SqlSource(PullConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<Problem.FieldError> check(PullDefinition definition) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String query = definition.query();
        if (query == null || query.isBlank()) {
            errors.add(new Problem.FieldError(
                    "query", "must be a SQL query returning the columns timestamp, value and any dimensions"));
        } else if (query.length() > MAX_QUERY) {
            errors.add(new Problem.FieldError("query", "must be at most " + MAX_QUERY + " characters"));
        }
        if (definition.watermarkColumn() != null
                && !COLUMN.matcher(definition.watermarkColumn()).matches()) {
            errors.add(new Problem.FieldError(
                    "watermarkColumn", "must be the plain name of a column of the query (letters, digits, _)"));
        }
        if (definition.step() != null) {
            errors.add(new Problem.FieldError("step", "a sql source has no step (each row is a point)"));
        }
        PullConnection connection = config.connection(definition.connection());
        if (connection != null && !connection.url().startsWith("jdbc:")) {
            errors.add(new Problem.FieldError(
                    "connection",
                    "'" + definition.connection() + "' is not a JDBC connection (its url must begin" + " with jdbc:)"));
        }
        return errors;
    }

    @Override
    public Pulled fetch(PullRequest request) throws SQLException {
        String query = wrapped(request.definition().query());
        ZoneId zone = request.zone();
        try (Connection connection = open(request.connection())) {
            SqlColumns columns = probe(connection, query, request.definition().watermarkColumn());
            Span span = span(connection, query, columns, request);
            if (span == null) {
                return Pulled.nothing();
            }
            Instant from = request.dayStart(span.oldest);
            Instant until =
                    request.dayStart(span.newest).atZone(zone).plusDays(1).toInstant();
            List<PulledRow> rows = rows(connection, query, columns, from, until, zone);
            connection.commit();
            return new Pulled(rows, span.watermark);
        }
    }

    private Connection open(PullConnection target) throws SQLException {
        Properties properties = new Properties();
        target.user().ifPresent(user -> properties.setProperty("user", user));
        target.password().ifPresent(password -> properties.setProperty("password", password));
        String url = target.url();
        if (url.startsWith("jdbc:postgresql:")) {
            long seconds = Math.max(1, Math.min(30, config.timeout().toSeconds()));
            properties.putIfAbsent("connectTimeout", String.valueOf(seconds));
            properties.putIfAbsent("loginTimeout", String.valueOf(seconds));
            properties.putIfAbsent("ApplicationName", "whatmoved-metrics pull");
        }
        if (url.startsWith("jdbc:duckdb:") && isDuckDbFile(url)) {
            // a file is opened read only: other processes may read it too, and the pull cannot change it
            properties.putIfAbsent("duckdb.read_only", "true");
        }
        if (url.startsWith("jdbc:duckdb:")) {
            loadDriver("org.duckdb.DuckDBDriver"); // registers itself when loaded, whichever class loader scanned
        }
        Connection connection = DriverManager.getConnection(url, properties);
        try {
            connection.setAutoCommit(false); // PostgreSQL streams a result (fetch size) only inside a transaction
            connection.setReadOnly(true);
        } catch (SQLException e) {
            // a driver without read-only transactions still runs the query
        }
        return connection;
    }

    private static void loadDriver(String name) throws SQLException {
        try {
            Class.forName(name, true, SqlSource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new SQLException("the driver " + name + " is not in this build", e);
        }
    }

    private static boolean isDuckDbFile(String url) {
        String path = url.substring("jdbc:duckdb:".length());
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        return !path.isEmpty() && !path.equals(":memory:") && !path.startsWith(":memory:") && !path.startsWith("md:");
    }

    private SqlColumns probe(Connection connection, String query, String watermarkColumn) throws SQLException {
        try (PreparedStatement statement = prepare(connection, "select * from " + query + " where 1 = 0")) {
            try (ResultSet rows = statement.executeQuery()) {
                return SqlColumns.of(rows.getMetaData(), watermarkColumn);
            }
        }
    }

    private record Span(Instant oldest, Instant newest, String watermark) {}

    private Span span(Connection connection, String query, SqlColumns columns, PullRequest request)
            throws SQLException {
        String watermark = watermarkName(request);
        String sql = "select min(pulled.timestamp) as oldest, max(pulled.timestamp) as newest, max(pulled." + watermark
                + ") as watermark from " + query;
        Instant backfillFrom = request.backfillFrom();
        List<String> conditions = new ArrayList<>();
        if (request.watermark() != null) {
            conditions.add("pulled." + watermark + " > ?");
        }
        if (backfillFrom != null) { // rows older than the backfill are left alone, also when they change
            conditions.add("pulled.timestamp >= ?");
        }
        if (!conditions.isEmpty()) {
            sql += " where " + String.join(" and ", conditions);
        }
        try (PreparedStatement statement = prepare(connection, sql)) {
            int index = 1;
            if (request.watermark() != null) {
                SqlWatermark.bind(statement, index++, request.watermark());
            }
            if (backfillFrom != null) {
                SqlWatermark.bindTime(statement, index, backfillFrom, columns);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                Instant oldest = SqlWatermark.time(rows, 1, columns.timestampHasZone(), request.zone());
                Instant newest = SqlWatermark.time(rows, 2, columns.timestampHasZone(), request.zone());
                String next = SqlWatermark.read(rows, 3, columns);
                if (oldest == null || next == null) {
                    return null; // nothing new (or only rows without a time, which the rows step would refuse)
                }
                return new Span(oldest, newest, next);
            }
        }
    }

    private List<PulledRow> rows(
            Connection connection, String query, SqlColumns columns, Instant from, Instant until, ZoneId zone)
            throws SQLException {
        String sql = "select * from " + query + " where pulled.timestamp >= ? and pulled.timestamp < ?";
        List<PulledRow> found = new ArrayList<>();
        try (PreparedStatement statement = prepare(connection, sql)) {
            statement.setFetchSize(10_000);
            SqlWatermark.bindTime(statement, 1, from, columns);
            SqlWatermark.bindTime(statement, 2, until, columns);
            try (ResultSet rows = statement.executeQuery()) {
                // select * of the same query: the probe's columns, in the same order
                while (rows.next()) {
                    found.add(row(rows, columns, zone));
                }
            }
        }
        return found;
    }

    private static PulledRow row(ResultSet rows, SqlColumns columns, ZoneId zone) throws SQLException {
        Instant timestamp = SqlWatermark.time(rows, columns.timestamp(), columns.timestampHasZone(), zone);
        Map<String, String> dimensions = new HashMap<>();
        for (int i = 0; i < columns.dimensions().size(); i++) {
            String value = rows.getString(columns.dimensions().get(i));
            if (value != null) {
                dimensions.put(columns.dimensionNames().get(i), value);
            }
        }
        if (columns.value() != 0) {
            return new PulledRow(timestamp, number(rows, columns.value()), null, null, dimensions);
        }
        return new PulledRow(
                timestamp, null, number(rows, columns.numerator()), number(rows, columns.denominator()), dimensions);
    }

    private static Double number(ResultSet rows, int column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(
                (int) Math.max(1, Math.min(Integer.MAX_VALUE, config.timeout().toSeconds())));
        return statement;
    }

    private static String watermarkName(PullRequest request) {
        String column = request.definition().watermarkColumn();
        return column == null ? SqlColumns.TIMESTAMP : column;
    }

    /** The definition's query as a derived table, without a trailing semicolon. */
    static String wrapped(String query) {
        String trimmed = query.strip();
        while (trimmed.endsWith(";")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        return "(" + trimmed + "\n) pulled";
    }
}
