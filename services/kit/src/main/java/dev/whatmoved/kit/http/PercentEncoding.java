package dev.whatmoved.kit.http;

/** Checks a request target's percent-encoding without decoding it. */
final class PercentEncoding {

    private PercentEncoding() {}

    /** The first broken escape ({@code %zz}, or a {@code %} too close to the end), shown as sent; null if none. */
    static String firstError(String target) {
        if (target == null) {
            return null;
        }
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
                String escape = target.substring(i, Math.min(target.length(), i + 3));
                return "'" + escape.replaceAll("[^\\x21-\\x7e]", "?") + "' at character " + (i + 1);
            }
            i += 2;
        }
        return null;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
