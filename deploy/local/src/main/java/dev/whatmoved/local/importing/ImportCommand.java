package dev.whatmoved.local.importing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.RepoHome;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./whatmoved import releases --git PATH (--tags GLOB | --merges [--branch REF]) | --file FILE}: past
 * deployments into the features service's {@code POST /api/releases/import}, which stores each one once however often
 * it is imported.
 */
public final class ImportCommand {

    /** The import endpoint takes at most this many releases per request; more are sent in batches, oldest first. */
    static final int BATCH = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The command line, parsed. Unknown flags are options of {@code up} (--data-dir, --features-port). */
    record Options(
            Path git,
            String tags,
            boolean merges,
            String branch,
            Path file,
            String service,
            String environment,
            String url,
            String token,
            boolean dryRun,
            List<String> platformArgs) {

        static Options parse(List<String> args) {
            if (args.isEmpty() || !args.get(0).equals("releases")) {
                throw usageError("import what? ./whatmoved import releases ...");
            }
            Path git = null;
            String tags = null;
            boolean merges = false;
            String branch = "HEAD";
            Path file = null;
            String service = null;
            String environment = "production";
            String url = null;
            String token = null;
            boolean dryRun = false;
            List<String> rest = new ArrayList<>();
            for (int i = 1; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--git" -> git = Path.of(value(args, ++i, arg));
                    case "--tags" -> tags = value(args, ++i, arg);
                    case "--merges" -> merges = true;
                    case "--branch" -> branch = value(args, ++i, arg);
                    case "--file" -> file = Path.of(value(args, ++i, arg));
                    case "--service" -> service = value(args, ++i, arg);
                    case "--environment" -> environment = value(args, ++i, arg);
                    case "--url" -> url = value(args, ++i, arg);
                    case "--token" -> token = value(args, ++i, arg);
                    case "--dry-run" -> dryRun = true;
                    default -> rest.add(arg);
                }
            }
            if ((git == null) == (file == null)) {
                throw usageError("give either --git PATH or --file FILE");
            }
            if (git != null && (tags == null) == !merges) {
                throw usageError("with --git, give either --tags GLOB or --merges");
            }
            if (file != null && (tags != null || merges || service != null)) {
                throw usageError("--tags, --merges and --service go with --git; a file names its services itself");
            }
            return new Options(
                    git, tags, merges, branch, file, service, environment, url, token, dryRun, List.copyOf(rest));
        }

        private static String value(List<String> args, int i, String flag) {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw usageError(flag + " needs a value");
            }
            return args.get(i);
        }
    }

    private ImportCommand() {}

    public static void run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            usage(System.out);
            return;
        }
        Options options = Options.parse(args);
        PlatformConfig config = PlatformConfig.from(System.getenv(), options.platformArgs(), RepoHome.resolve());
        if (options.file() != null) {
            importFile(options, config, System.out);
        } else {
            importGit(options, config, System.out);
        }
    }

    private static void importGit(Options options, PlatformConfig config, PrintStream out) {
        Path repository = options.git().toAbsolutePath().normalize();
        String service = options.service() != null
                ? options.service()
                : repository.getFileName().toString();
        GitReleases git = new GitReleases(repository, service, options.environment());
        List<GitReleases.Release> releases = options.merges() ? git.merges(options.branch()) : git.tags(options.tags());
        if (releases.isEmpty()) {
            throw new LauncherException(
                    options.merges()
                            ? "no merge commit on the first-parent line of " + options.branch() + " in " + repository
                            : "no tag matches '" + options.tags() + "' in " + repository,
                    LauncherException.USAGE);
        }
        List<String> lines = releases.stream().map(GitReleases.Release::ndjson).toList();
        if (options.dryRun()) {
            lines.forEach(out::println);
            return;
        }
        long linked = releases.stream().filter(r -> !r.features().isEmpty()).count();
        out.printf(
                "whatmoved import: %d releases of %s (%s) from %s, %s to %s, %d naming features by trailer%n",
                releases.size(),
                service,
                options.environment(),
                repository,
                releases.get(0).deployedAt(),
                releases.get(releases.size() - 1).deployedAt(),
                linked);
        Sender sender = new Sender(endpoint(options, config), token(options, config));
        int stored = 0;
        int duplicates = 0;
        for (int from = 0; from < lines.size(); from += BATCH) {
            List<String> batch = lines.subList(from, Math.min(lines.size(), from + BATCH));
            JsonNode answer = sender.post(
                    "application/x-ndjson", (String.join("\n", batch) + "\n").getBytes(StandardCharsets.UTF_8));
            stored += answer.path("stored").asInt();
            duplicates += answer.path("duplicates").asInt();
        }
        out.printf("whatmoved import: %d stored, %d known already%n", stored, duplicates);
    }

    private static void importFile(Options options, PlatformConfig config, PrintStream out) {
        byte[] body;
        try {
            body = Files.readAllBytes(options.file());
        } catch (IOException e) {
            throw new LauncherException(
                    "cannot read " + options.file() + ": " + e.getMessage(), LauncherException.USAGE);
        }
        String name = options.file().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String type = name.endsWith(".csv") ? "text/csv" : "application/x-ndjson";
        if (options.dryRun()) {
            out.printf("whatmoved import: would send %s (%d bytes) as %s%n", options.file(), body.length, type);
            return;
        }
        JsonNode answer = new Sender(endpoint(options, config), token(options, config)).post(type, body);
        out.printf(
                "whatmoved import: %s: %d stored, %d known already%n",
                options.file(),
                answer.path("stored").asInt(),
                answer.path("duplicates").asInt());
    }

    private static URI endpoint(Options options, PlatformConfig config) {
        String base = options.url() != null ? options.url() : "http://127.0.0.1:" + config.featuresPort();
        return URI.create(base.replaceAll("/+$", "") + "/api/releases/import");
    }

    /** The given token; else one minted with the key of the platform in the data directory, as the demo does. */
    private static String token(Options options, PlatformConfig config) {
        if (options.token() != null) {
            return options.token();
        }
        String fromEnv = System.getenv("WHATMOVED_TOKEN");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        if (!Files.exists(config.dataDir().resolve("keys/jwt-private.pem"))) {
            throw new LauncherException(
                    "no signing key in " + config.dataDir().resolve("keys") + ": give --token (a token with scope"
                            + " releases:write) or the data directory of the running platform (--data-dir)",
                    LauncherException.USAGE);
        }
        return new Platform(config, System.out).token("import-releases", "releases:write");
    }

    /** Posts a file to the import endpoint and reads its answer. */
    static final class Sender {

        private final HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        private final URI endpoint;
        private final String token;

        Sender(URI endpoint, String token) {
            this.endpoint = endpoint;
            this.token = token;
        }

        JsonNode post(String contentType, byte[] body) {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new LauncherException(
                        "POST " + endpoint + " failed: " + e.getMessage()
                                + " (is the platform running? ./whatmoved up, or give --url)",
                        LauncherException.STARTUP_FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LauncherException("interrupted during POST " + endpoint, e);
            }
            JsonNode answer;
            try {
                answer = JSON.readTree(response.body());
            } catch (IOException e) {
                answer = JSON.missingNode();
            }
            if (response.statusCode() != 200) {
                String detail = answer != null && answer.path("detail").isTextual()
                        ? answer.path("detail").asText()
                        : response.body();
                throw new LauncherException(
                        "POST " + endpoint + " answered " + response.statusCode() + ": " + detail,
                        LauncherException.STARTUP_FAILED);
            }
            return answer;
        }
    }

    private static LauncherException usageError(String message) {
        return new LauncherException("import: " + message + "; see ./whatmoved import --help", LauncherException.USAGE);
    }

    public static void usage(PrintStream out) {
        out.println("Usage: ./whatmoved import releases --git PATH (--tags GLOB | --merges [--branch REF])"
                + " [--service S] [--environment E]");
        out.println("       ./whatmoved import releases --file FILE.csv|FILE.ndjson");
        out.println("       options of both: [--url URL] [--token TOKEN] [--data-dir DIR] [--dry-run]");
        out.println();
        out.println("Imports past deployments into the features service (POST /api/releases/import); importing the");
        out.println("same ones again stores nothing new.");
        out.println(
                "  --git PATH        a git repository: one release per tag matching --tags (say 'v*'), or per merge");
        out.println("                    commit on the first-parent line of --branch (default HEAD) with --merges;");
        out.println(
                "                    features: the keys of 'Feature: key' trailers in the commits since the previous");
        out.println("                    release, and '[key]' in their subjects for features that exist");
        out.println(
                "  --service S       the service the repository deploys (default: the repository's directory name)");
        out.println("  --environment E   where it was deployed (default production)");
        out.println("  --file FILE       a CSV (service,version,environment,deployedAt[,commit,features,description,");
        out.println("                    rollback]) or NDJSON file of past deployments (docs/intake.md)");
        out.println("  --url URL         the features service (default http://127.0.0.1:<features port>)");
        out.println("  --token TOKEN     a token with scope releases:write (default $WHATMOVED_TOKEN, else one minted");
        out.println("                    with the local platform's key, as ./whatmoved token does)");
        out.println("  --dry-run         print the NDJSON instead of sending it");
    }
}
