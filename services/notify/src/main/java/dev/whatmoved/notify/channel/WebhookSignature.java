package dev.whatmoved.notify.channel;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a generic webhook delivery: {@code X-Whatmoved-Signature: v1=<hex HMAC-SHA256>} of
 * {@code <timestamp>.<body>}, where the timestamp (Unix seconds) is sent in {@code X-Whatmoved-Timestamp}. Signing the
 * timestamp with the body lets a receiver refuse a replayed request: it checks the signature, then that the timestamp
 * is recent (docs/notifications.md shows the check).
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Whatmoved-Signature";
    public static final String TIMESTAMP_HEADER = "X-Whatmoved-Timestamp";
    public static final String VERSION = "v1=";

    private WebhookSignature() {}

    public static String sign(String secret, long timestamp, String body) {
        return VERSION + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean verify(String secret, long timestamp, String body, String signature) {
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII);
        return signature != null && MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
