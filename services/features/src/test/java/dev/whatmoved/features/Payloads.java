package dev.whatmoved.features;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Webhook payloads as the real systems send them, from {@code src/test/resources/payloads/}. */
final class Payloads {

    private static final Path DIR = Path.of("src", "test", "resources", "payloads");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {}

    /** The file's bytes, exactly as stored. */
    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(DIR.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * {@code length} random letters and digits: an id that, unlike {@code "x".repeat(n)}, PostgreSQL cannot compress
     * below its index's row limit.
     */
    static String random(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(length);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    /** The payload with some fields changed (another service, deployment or state), serialized again. */
    static byte[] edited(String name, Consumer<ObjectNode> edit) {
        try {
            ObjectNode payload = (ObjectNode) JSON.readTree(bytes(name));
            edit.accept(payload);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
