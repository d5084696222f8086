package dev.whatmoved.features.intake.github;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the
 * webhook's secret>}. Checked over the bytes received, before anything parses them.
 */
public final class GitHubSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private GitHubSignature() {}

    /** Whether {@code header} is the signature of {@code body} under {@code secret}; compared in constant time. */
    public static boolean matches(String secret, byte[] body, String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] received;
        try {
            received = HexFormat.of().parseHex(header.substring(PREFIX.length()).strip());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(sign(secret, body), received);
    }

    /** The signature GitHub computes, for tests and for senders that imitate GitHub. */
    public static String header(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(sign(secret, body));
    }

    private static byte[] sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
