package dev.whatmoved.testing.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Byte helpers of the corpus. */
final class Bytes {

    private Bytes() {}

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code text} with the first {@code marker} replaced by raw bytes (which need not be UTF-8). */
    static byte[] splice(String text, String marker, byte[] replacement) {
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalStateException("marker " + marker + " not in " + text);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at)));
        out.writeBytes(replacement);
        out.writeBytes(utf8(text.substring(at + marker.length())));
        return out.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] head(byte[] data, int length) {
        return Arrays.copyOf(data, Math.max(0, Math.min(length, data.length)));
    }
}
