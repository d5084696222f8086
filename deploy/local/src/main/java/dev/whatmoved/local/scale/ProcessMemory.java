package dev.whatmoved.local.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory as Linux reports it in {@code /proc/<pid>/status}: {@code VmRSS} now and {@code VmHWM},
 * the peak since the process started (the kernel keeps it, so no sample can miss a short peak).
 */
record ProcessMemory(long rssKb, long peakKb) {

    static final ProcessMemory UNKNOWN = new ProcessMemory(-1, -1);

    static ProcessMemory of(long pid) {
        long rss = -1;
        long peak = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
        } catch (IOException e) {
            return UNKNOWN; // not Linux, or the process is gone
        }
        return new ProcessMemory(rss, peak);
    }

    double rssMb() {
        return rssKb / 1024.0;
    }

    double peakMb() {
        return peakKb / 1024.0;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
}
