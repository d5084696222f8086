package dev.whatmoved.kit.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a request target: no character a URI cannot hold unescaped, every escape two hex digits, and what the escapes
 * spell UTF-8.
 */
final class PercentEncoding {

    /** Printable ASCII that RFC 3986 allows nowhere in a URI unless percent-encoded. */
    private static final String NOT_IN_URIS = "\"<>\\^`{|}";

    private PercentEncoding() {}

    /** What is wrong with the target's escapes, as a phrase naming it; null if nothing. */
    static String firstError(String target) {
        if (target == null) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f || NOT_IN_URIS.indexOf(c) >= 0) {
                return "character " + (i + 1) + " (U+" + String.format("%04X", (int) c)
                        + ") cannot appear in a URI unescaped";
            }
            if (c != '%') {
                bytes.write(c < 0x80 ? c : '?');
                continue;
            }
            if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
                String escape = target.substring(i, Math.min(target.length(), i + 3));
                return "'" + escape.replaceAll("[^\\x21-\\x7e]", "?") + "' at character " + (i + 1)
                        + ": a % must be followed by two hexadecimal digits";
            }
            bytes.write(Integer.parseInt(target.substring(i + 1, i + 3), 16));
            i += 2;
        }
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
        } catch (CharacterCodingException e) {
            return "the %-escapes do not spell UTF-8 text";
        }
        return null;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
