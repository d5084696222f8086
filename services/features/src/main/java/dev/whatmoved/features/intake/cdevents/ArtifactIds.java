package dev.whatmoved.features.intake.cdevents;

import dev.whatmoved.kit.problem.ProblemException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the name and version of what a CDEvent deployed from its {@code artifactId}: a package URL (purl, what the
 * CDEvents spec asks for, e.g. {@code pkg:oci/inventory@sha256%3A6f2c...?tag=3.2.0}) or, as some producers send, a
 * plain container image reference ({@code ghcr.io/acme-shop/inventory:3.2.0}).
 */
public final class ArtifactIds {

    /**
     * @param name the package or image name, or null when the id is neither
     * @param version the tag or version (for an OCI purl: its {@code tag} qualifier, else the digest), or null
     * @param commit a full commit sha the id names (a git purl's version, or a {@code vcs_url} qualifier), or null
     */
    public record Artifact(String name, String version, String commit) {}

    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern IMAGE = Pattern.compile(
            "(?:[a-zA-Z0-9.-]+(?::\\d+)?/)?((?:[a-z0-9._-]+/)*([a-z0-9._-]+))(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?");

    private ArtifactIds() {}

    public static Artifact parse(String artifactId) {
        String id = artifactId.strip();
        if (id.startsWith("pkg:")) {
            return purl(id.substring(4));
        }
        Matcher image = IMAGE.matcher(id);
        if (image.matches() && (image.group(3) != null || image.group(4) != null || id.contains("/"))) {
            String version = image.group(3) != null ? image.group(3) : image.group(4);
            return new Artifact(image.group(2), version, null);
        }
        return new Artifact(null, null, null);
    }

    private static Artifact purl(String rest) {
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            rest = rest.substring(0, hash);
        }
        Map<String, String> qualifiers = new HashMap<>();
        int question = rest.indexOf('?');
        if (question >= 0) {
            for (String pair : rest.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    qualifiers.put(pair.substring(0, equals).toLowerCase(), decode(pair.substring(equals + 1)));
                }
            }
            rest = rest.substring(0, question);
        }
        String version = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            version = decode(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        String type = rest.substring(0, Math.max(rest.indexOf('/'), 0)).toLowerCase();
        String name = slash < 0 ? null : decode(rest.substring(slash + 1));
        if ("oci".equals(type) && qualifiers.containsKey("tag")) {
            version = qualifiers.get("tag");
        }
        String commit = version != null && FULL_SHA.matcher(version).matches() ? version : null;
        String vcs = qualifiers.get("vcs_url");
        if (commit == null && vcs != null && vcs.contains("@")) {
            String candidate = vcs.substring(vcs.lastIndexOf('@') + 1);
            commit = FULL_SHA.matcher(candidate).matches() ? candidate : null;
        }
        return new Artifact(name == null || name.isBlank() ? null : name, blankToNull(version), commit);
    }

    /** Percent-decoding as purl defines it ({@code +} is a plus, not a space). */
    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException broken) {
            throw ProblemException.invalid(
                    "subject.content.artifactId", "is a package URL with a broken percent-encoding");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
