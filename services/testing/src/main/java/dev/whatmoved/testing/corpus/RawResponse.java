package dev.whatmoved.testing.corpus;

import java.nio.charset.StandardCharsets;

/**
 * What the service answered, or why there was no answer.
 *
 * @param status the HTTP status, or 0 when no answer came
 * @param contentType the Content-Type header, or null
 * @param error why no answer came (timeout, connection reset), or null
 */
public record RawResponse(int status, String contentType, byte[] body, String error) {

    public static RawResponse none(String error) {
        return new RawResponse(0, null, new byte[0], error);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first characters of the body on one line, for failure messages. */
    public String excerpt() {
        if (error != null) {
            return "no answer: " + error;
        }
        String text = text().replaceAll("\\s+", " ").strip();
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
