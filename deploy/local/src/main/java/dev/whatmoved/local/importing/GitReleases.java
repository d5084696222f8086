package dev.whatmoved.local.importing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whatmoved.local.LauncherException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Past deployments read from a git repository: one release per tag matching a glob, or per merge commit on the first
 * parent line of a branch. Its version is the tag's name (a merge commit's short sha), its commit the commit, its time
 * the tag's date (an annotated tag's tagger date, else its commit's committer date; a merge's committer date), and its
 * features the keys the commits since the previous release name, by the conventions release intake links commits with.
 */
public final class GitReleases {

    /** A feature key, as the features service's {@code intake.FeatureLinker} reads them. */
    static final String KEY = "[a-z0-9][a-z0-9-]{0,62}";

    /** {@code Feature: key} or {@code Features: a, b} on a line of its own (a git trailer): always links. */
    private static final Pattern TRAILER =
            Pattern.compile("(?im)^\\s*features?\\s*:\\s*(" + KEY + "(?:\\s*[, ]\\s*" + KEY + ")*)\\s*$");

    private static final Pattern KEY_PATTERN = Pattern.compile(KEY);

    /** {@code [key]} in a subject: the service links it when a feature with that key exists. */
    private static final Pattern BRACKETS = Pattern.compile("\\[(" + KEY + ")]");

    /** The longest description the release API takes, and the most feature keys. */
    static final int MAX_DESCRIPTION = 4000;

    static final int MAX_FEATURES = 100;

    private static final String FIELD = "\u001f";
    private static final String RECORD = "\u001e";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A release read from the repository. */
    public record Release(
            String service,
            String version,
            String environment,
            String commit,
            Instant deployedAt,
            List<String> features,
            String description) {

        /** The release as a line of {@code POST /api/releases/import}'s NDJSON. */
        public String ndjson() {
            ObjectNode line = JSON.createObjectNode();
            line.put("service", service);
            line.put("version", version);
            line.put("environment", environment);
            line.put("commit", commit);
            line.put("deployedAt", deployedAt.toString());
            features.forEach(line.withArray("features")::add);
            if (!description.isEmpty()) {
                line.put("description", description);
            }
            return line.toString();
        }
    }

    private final Path repository;
    private final String service;
    private final String environment;

    public GitReleases(Path repository, String service, String environment) {
        this.repository = repository;
        this.service = service;
        this.environment = environment;
    }

    /** One release per tag matching {@code glob} ({@code v*}), oldest first. */
    public List<Release> tags(String glob) {
        String refs = git(
                "for-each-ref",
                "--sort=creatordate",
                "--format=%(refname:short)" + FIELD + "%(objectname)" + FIELD + "%(*objectname)" + FIELD
                        + "%(creatordate:iso-strict)",
                "refs/tags/" + glob);
        List<Release> releases = new ArrayList<>();
        String previous = null;
        for (String line : refs.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(FIELD, -1);
            String tag = fields[0];
            String commit = fields[2].isEmpty() ? fields[1] : fields[2];
            Instant at = OffsetDateTime.parse(fields[3]).toInstant();
            releases.add(release(tag, commit, at, previous == null ? commit : previous + ".." + commit));
            previous = commit;
        }
        return releases;
    }

    /** One release per merge commit on the first-parent line of {@code branch}, oldest first. */
    public List<Release> merges(String branch) {
        String log = git("log", "--merges", "--first-parent", "--reverse", "--format=%H" + FIELD + "%cI", branch, "--");
        List<Release> releases = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(FIELD, -1);
            String commit = fields[0];
            Instant at = OffsetDateTime.parse(fields[1]).toInstant();
            releases.add(release(commit.substring(0, 12), commit, at, commit + "^1.." + commit));
        }
        return releases;
    }

    private Release release(String version, String commit, Instant at, String range) {
        List<String> messages = new ArrayList<>();
        for (String message : git("log", "--format=%B" + RECORD, range, "--").split(RECORD)) {
            if (!message.isBlank()) {
                messages.add(message.strip());
            }
        }
        return new Release(service, version, environment, commit, at, trailerKeys(messages), description(messages));
    }

    /**
     * Keys named by {@code Feature:} trailers, in order, at most {@link #MAX_FEATURES}. A trailer is never the subject
     * line: {@code features: fix the typo} (a component prefix) names no feature.
     */
    static List<String> trailerKeys(List<String> messages) {
        Set<String> keys = new LinkedHashSet<>();
        for (String message : messages) {
            int body = message.indexOf('\n');
            Matcher trailer = TRAILER.matcher(body < 0 ? "" : message.substring(body + 1));
            while (trailer.find()) {
                Matcher key = KEY_PATTERN.matcher(trailer.group(1));
                while (key.find()) {
                    keys.add(key.group());
                }
            }
        }
        return keys.stream().limit(MAX_FEATURES).toList();
    }

    /**
     * The commits' subjects, one a line after {@code "- "} (so that the service does not read a subject such as
     * {@code features: fix the typo} as a trailer), those naming a {@code [key]} first (the service links those keys
     * when the features exist), cut to what the API takes.
     */
    static String description(List<String> messages) {
        List<String> subjects = messages.stream()
                .map(m -> m.lines().findFirst().orElse("").strip())
                .filter(s -> !s.isEmpty())
                .sorted(Comparator.comparing(s -> BRACKETS.matcher(s).find() ? 0 : 1))
                .toList();
        StringBuilder text = new StringBuilder();
        for (String subject : subjects) {
            String clean = "- " + subject.replaceAll("\\p{Cntrl}", " ");
            if (text.length() + clean.length() + 1 > MAX_DESCRIPTION) {
                break;
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(clean);
        }
        return text.toString();
    }

    private String git(String... args) {
        List<String> command =
                new ArrayList<>(List.of("git", "-c", "log.showSignature=false", "-C", repository.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String out = new String(read(process.getInputStream()), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0) {
                throw new LauncherException(
                        "git " + String.join(" ", args) + " failed in " + repository + ": "
                                + new String(errors.join(), StandardCharsets.UTF_8).strip(),
                        LauncherException.USAGE);
            }
            return out;
        } catch (IOException e) {
            throw new LauncherException("could not run git (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while running git", e);
        }
    }

    private static byte[] read(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
