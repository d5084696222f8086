package dev.whatmoved.local.scale;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scale-out proof's progress: {@code [scale]} lines, and the events of the run (kills, restarts, releases), each
 * stamped with the seconds since the proof began and kept for its {@link ScaleProof.Result}.
 */
final class ScaleLog {

    private final PrintStream out;
    private final List<String> events = new ArrayList<>();
    private final long begin = System.nanoTime();

    ScaleLog(PrintStream out) {
        this.out = out;
    }

    void log(String format, Object... args) {
        out.printf(Locale.ROOT, "[scale] " + format + "%n", args);
    }

    void event(String format, Object... args) {
        String text = String.format(Locale.ROOT, "%5.1f s ", seconds(begin)) + String.format(Locale.ROOT, format, args);
        synchronized (events) {
            events.add(text);
        }
        log("%s", text);
    }

    /** The events so far, in the order they happened. */
    List<String> events() {
        return List.copyOf(events);
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
