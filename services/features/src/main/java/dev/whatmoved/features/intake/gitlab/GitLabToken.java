package dev.whatmoved.features.intake.gitlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** GitLab's webhook secret: sent as is in {@code X-Gitlab-Token}, so it is compared, in constant time. */
public final class GitLabToken {

    public static final String HEADER = "X-Gitlab-Token";

    private GitLabToken() {}

    /** Whether {@code received} is {@code expected}; digests are compared so that not even the length leaks. */
    public static boolean matches(String expected, String received) {
        if (received == null) {
            return false;
        }
        return MessageDigest.isEqual(digest(expected), digest(received));
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
