package dev.whatmoved.kit.http;

/** Byte counts as people read them. */
public final class Sizes {

    private Sizes() {}

    /** {@code 10485760} as {@code 10 MiB}, {@code 1536} as {@code 1.5 KiB}. */
    public static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024) {
            return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                    .replace(".0 ", " ");
        }
        return bytes + " bytes";
    }
}
