package dev.whatmoved.local;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code ./whatmoved digest --team T [--since 7d]}: prints a team's "what moved" digest (Markdown) from the notify
 * service of the running {@code ./whatmoved up}, with a short-lived read token signed by the platform's key.
 */
public final class DigestCommand {

    /** The team, the period, and the options left for {@link PlatformConfig} (ports, data directory). */
    public record Request(String team, String since, List<String> platformOptions) {}

    private DigestCommand() {}

    static String usage() {
        return "./whatmoved digest --team TEAM [--since 7d|2w|36h|P7D] [--notify-port PORT] [--data-dir DIR]";
    }

    public static Request parse(List<String> args) {
        String team = null;
        String since = "7d";
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("--team") || arg.equals("--since")) && i + 1 < args.size()) {
                String value = args.get(++i);
                if (arg.equals("--team")) {
                    team = value;
                } else {
                    since = value;
                }
            } else if (arg.startsWith("--team=")) {
                team = arg.substring("--team=".length());
            } else if (arg.startsWith("--since=")) {
                since = arg.substring("--since=".length());
            } else {
                rest.add(arg);
            }
        }
        if (team == null || team.isBlank()) {
            throw new LauncherException("digest: --team is required; usage: " + usage(), LauncherException.USAGE);
        }
        return new Request(team, since, List.copyOf(rest));
    }

    static void run(List<String> args) {
        System.out.print(markdown(System.getenv(), parse(args)));
    }

    /** The digest as the running platform's notify service answers it, for the platform {@code env} describes. */
    public static String markdown(Map<String, String> env, Request request) {
        PlatformConfig config = PlatformConfig.from(env, request.platformOptions(), RepoHome.resolve());
        SigningKeys keys = new SigningKeys(config.dataDir());
        if (!Files.exists(keys.publicKeyFile())) {
            throw new LauncherException(
                    "digest: no platform has run with data in " + config.dataDir() + "; start it with ./whatmoved up",
                    LauncherException.STARTUP_FAILED);
        }
        String token = TokenCommand.mint(
                keys.ensure(),
                new TokenCommand.Request(
                        List.of("read"),
                        "whatmoved-digest",
                        Duration.ofMinutes(5),
                        UUID.randomUUID().toString()),
                Instant.now());
        URI uri = URI.create("http://127.0.0.1:" + config.notifyPort() + "/api/teams/"
                + URLEncoder.encode(request.team(), StandardCharsets.UTF_8).replace("+", "%20") + "/digest?since="
                + URLEncoder.encode(request.since(), StandardCharsets.UTF_8));
        HttpResponse<String> response = get(uri, token);
        if (response.statusCode() != 200) {
            throw new LauncherException(
                    "digest: notify answered " + response.statusCode() + ": " + response.body(),
                    LauncherException.USAGE);
        }
        return response.body();
    }

    private static HttpResponse<String> get(URI uri, String token) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        try {
            return client.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Accept", "text/markdown")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new LauncherException(
                    "digest: notify does not answer on port " + uri.getPort() + ": is ./whatmoved up running?",
                    LauncherException.STARTUP_FAILED);
        } catch (IOException e) {
            throw new LauncherException("digest: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("digest: interrupted", e);
        }
    }
}
