package dev.whatmoved.metrics.pull.sql;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Times and watermarks between JDBC and text. A stored watermark says how it is bound again: {@code tz:} an instant
 * (a column with a time zone), {@code ts:} a local date-time (a timestamp without one, taken as UTC), {@code date:},
 * {@code num:} a number, {@code text:}.
 */
final class SqlWatermark {

    private SqlWatermark() {}

    /** The time in {@code column} of the current row, or null; local date-times are UTC, dates start in {@code zone}. */
    static Instant time(ResultSet rows, int column, boolean hasZone, ZoneId zone) throws SQLException {
        int type = rows.getMetaData().getColumnType(column);
        if (type == Types.DATE) {
            LocalDate date = rows.getObject(column, LocalDate.class);
            return date == null ? null : date.atStartOfDay(zone).toInstant();
        }
        if (hasZone) {
            OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
            return time == null ? null : time.toInstant();
        }
        if (type == Types.TIMESTAMP) {
            LocalDateTime time = rows.getObject(column, LocalDateTime.class);
            return time == null ? null : time.toInstant(ZoneOffset.UTC);
        }
        String text = rows.getString(column);
        return text == null ? null : Instant.parse(text);
    }

    /** Binds {@code time} as a value the timestamp column compares with. */
    static void bindTime(PreparedStatement statement, int index, Instant time, SqlColumns columns) throws SQLException {
        if (columns.timestampHasZone()) {
            statement.setObject(index, time.atOffset(ZoneOffset.UTC));
        } else {
            statement.setObject(index, LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        }
    }

    /** The watermark in column {@code column} of the current row, as stored text; null when it is null. */
    static String read(ResultSet rows, int column, SqlColumns columns) throws SQLException {
        int type = rows.getMetaData().getColumnType(column);
        if (type == Types.DATE) {
            LocalDate date = rows.getObject(column, LocalDate.class);
            return date == null ? null : "date:" + date;
        }
        if (columns.watermarkIsTime() || type == Types.TIMESTAMP) {
            if (columns.watermarkHasZone()) {
                OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
                return time == null ? null : "tz:" + time.toInstant();
            }
            LocalDateTime time = rows.getObject(column, LocalDateTime.class);
            return time == null ? null : "ts:" + time;
        }
        return switch (type) {
            case Types.TINYINT,
                    Types.SMALLINT,
                    Types.INTEGER,
                    Types.BIGINT,
                    Types.NUMERIC,
                    Types.DECIMAL,
                    Types.REAL,
                    Types.FLOAT,
                    Types.DOUBLE -> {
                BigDecimal number = rows.getBigDecimal(column);
                yield number == null ? null : "num:" + number.toPlainString();
            }
            default -> {
                String text = rows.getString(column);
                yield text == null ? null : "text:" + text;
            }
        };
    }

    /** Binds a stored watermark. */
    static void bind(PreparedStatement statement, int index, String watermark) throws SQLException {
        int colon = watermark.indexOf(':');
        String kind = colon < 0 ? "" : watermark.substring(0, colon);
        String value = watermark.substring(colon + 1);
        switch (kind) {
            case "tz" -> statement.setObject(index, Instant.parse(value).atOffset(ZoneOffset.UTC));
            case "ts" -> statement.setObject(index, LocalDateTime.parse(value));
            case "date" -> statement.setObject(index, LocalDate.parse(value));
            case "num" -> statement.setBigDecimal(index, new BigDecimal(value));
            case "text" -> statement.setString(index, value);
            default -> throw new IllegalStateException("a stored watermark of an unknown form: " + watermark);
        }
    }
}
