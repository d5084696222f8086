package dev.whatmoved.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a service in the test's JVM logs (through the JBoss LogManager that Quarkus installs as the JVM's log
 * manager), to assert how much it says about an event: {@code try (var logs = LogCapture.start()) { ... }}.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture);
        return capture;
    }

    /** The messages (formatted) logged at {@code level} or above, in order. */
    public List<String> atLeast(Level level) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= level.intValue())
                .map(LogCapture::line)
                .toList();
    }

    /** Every message logged at exactly {@code level}. */
    public List<String> at(Level level) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() == level.intValue())
                .map(LogCapture::line)
                .toList();
    }

    private static String line(LogRecord record) {
        String message = record instanceof org.jboss.logmanager.ExtLogRecord ext
                ? ext.getFormattedMessage()
                : record.getMessage();
        return record.getLevel() + " [" + record.getLoggerName() + "] " + message;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
