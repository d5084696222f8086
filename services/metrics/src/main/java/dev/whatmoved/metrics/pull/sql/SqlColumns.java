package dev.whatmoved.metrics.pull.sql;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a definition's query, by name: {@code timestamp}, {@code value} (or {@code numerator} and {@code
 * denominator}), the watermark column if it is another one, and every other column a dimension named as the column.
 */
record SqlColumns(
        int timestamp,
        boolean timestampHasZone,
        int value,
        int numerator,
        int denominator,
        int watermark,
        int watermarkType,
        boolean watermarkHasZone,
        List<String> dimensionNames,
        List<Integer> dimensions) {

    static final String TIMESTAMP = "timestamp";

    /** Reads the query's columns; fails naming what is missing. */
    static SqlColumns of(ResultSetMetaData meta, String watermarkColumn) throws SQLException {
        String watermarkName = watermarkColumn == null ? TIMESTAMP : watermarkColumn.toLowerCase(Locale.ROOT);
        int timestamp = 0, value = 0, numerator = 0, denominator = 0, watermark = 0;
        List<String> names = new ArrayList<>();
        List<Integer> dimensions = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (name.equals(watermarkName)) {
                watermark = i;
            }
            switch (name) {
                case TIMESTAMP -> timestamp = i;
                case "value" -> value = i;
                case "numerator" -> numerator = i;
                case "denominator" -> denominator = i;
                default -> {
                    if (!name.equals(watermarkName)) {
                        names.add(name);
                        dimensions.add(i);
                    }
                }
            }
        }
        if (timestamp == 0) {
            throw new IllegalArgumentException("the query returns no column named timestamp (columns: " + columns(meta)
                    + "); name the time of each row: ... AS timestamp");
        }
        if (value == 0 && (numerator == 0 || denominator == 0)) {
            throw new IllegalArgumentException("the query returns no column named value (nor numerator and"
                    + " denominator) (columns: " + columns(meta) + ")");
        }
        if (watermark == 0) {
            throw new IllegalArgumentException("the query returns no column named " + watermarkName
                    + ", the watermark column (columns: " + columns(meta) + ")");
        }
        return new SqlColumns(
                timestamp,
                hasZone(meta, timestamp),
                value,
                numerator,
                denominator,
                watermark,
                meta.getColumnType(watermark),
                hasZone(meta, watermark),
                List.copyOf(names),
                List.copyOf(dimensions));
    }

    /** Whether the watermark column holds times (else numbers or text). */
    boolean watermarkIsTime() {
        return switch (watermarkType) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> true;
            default -> false;
        };
    }

    /** PostgreSQL's driver calls timestamptz {@code Types.TIMESTAMP}: its type name tells. */
    private static boolean hasZone(ResultSetMetaData meta, int column) throws SQLException {
        String type = meta.getColumnTypeName(column).toLowerCase(Locale.ROOT);
        return meta.getColumnType(column) == Types.TIMESTAMP_WITH_TIMEZONE
                || type.contains("tz")
                || type.contains("with time zone");
    }

    private static String columns(ResultSetMetaData meta) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            names.add(meta.getColumnLabel(i));
        }
        return String.join(", ", names);
    }
}
