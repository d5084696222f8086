package dev.whatmoved.local.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.whatmoved.local.LauncherException;
import dev.whatmoved.local.Platform;
import dev.whatmoved.local.PlatformConfig;
import dev.whatmoved.local.RepoHome;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./whatmoved demo [--exit] [--seed N] [--timeout SECONDS] [options of up]}: starts the platform (or uses the
 * one running on the configured ports), replays a past quarter through the front doors, waits for attribution's
 * outcomes, prints outputs against outcomes and each team's calibration, and keeps the platform running until Ctrl-C
 * (or stops it at once with {@code --exit}).
 */
public final class DemoCommand {

    /** How often attribution measures due checkpoints on the platform the demo starts (60 s by default). */
    static final String JOB_EVERY = "5s";

    /** The demo's own flags; every other one is an option of {@code up}. */
    public record Options(boolean exit, long seed, Duration timeout, List<String> platformArgs) {

        public static Options parse(List<String> args) {
            boolean exit = false;
            long seed = QuarterStory.DEFAULT_SEED;
            Duration timeout = Duration.ofMinutes(10);
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--exit" -> exit = true;
                    case "--seed" -> seed = number(args, ++i, "--seed");
                    case "--timeout" -> timeout = Duration.ofSeconds(number(args, ++i, "--timeout"));
                    default -> rest.add(arg);
                }
            }
            return new Options(exit, seed, timeout, List.copyOf(rest));
        }

        private static long number(List<String> args, int i, String flag) {
            if (i >= args.size()) {
                throw new LauncherException(flag + " needs a number", LauncherException.USAGE);
            }
            try {
                return Long.parseLong(args.get(i));
            } catch (NumberFormatException e) {
                throw new LauncherException(flag + ": '" + args.get(i) + "' is not a number", LauncherException.USAGE);
            }
        }
    }

    /**
     * A replayed demo: the platform it ran on (started by it, or the running one) and what it measured. Closing it
     * stops the platform if the demo started it.
     */
    public static final class Run implements AutoCloseable {

        private final Platform platform;
        private final boolean started;
        private final Scenario scenario;
        private final Map<String, String> releaseIds;
        private final Map<String, JsonNode> outcomes;
        private final Thread shutdownHook;

        Run(
                Platform platform,
                boolean started,
                Scenario scenario,
                Map<String, String> releaseIds,
                Map<String, JsonNode> outcomes,
                Thread shutdownHook) {
            this.platform = platform;
            this.started = started;
            this.scenario = scenario;
            this.releaseIds = releaseIds;
            this.outcomes = outcomes;
            this.shutdownHook = shutdownHook;
        }

        public Platform platform() {
            return platform;
        }

        public Scenario scenario() {
            return scenario;
        }

        /** The features service's id of each release, by the story's id ({@code r01}...). */
        public Map<String, String> releaseIds() {
            return releaseIds;
        }

        /** Attribution's answer of {@code GET /api/releases/{id}/outcomes} for each measured release, by story id. */
        public Map<String, JsonNode> outcomes() {
            return outcomes;
        }

        public boolean startedThePlatform() {
            return started;
        }

        @Override
        public void close() {
            if (started) {
                platform.close();
                if (shutdownHook != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(shutdownHook);
                    } catch (IllegalStateException e) {
                        // already shutting down: the hook closes it
                    }
                }
            }
        }
    }

    private DemoCommand() {}

    /** The command line: replays, prints, then waits for Ctrl-C unless {@code --exit}. */
    public static void run(List<String> args) {
        if (args.contains("--help") || args.contains("-h")) {
            usage(System.out);
            return;
        }
        Options options = Options.parse(args);
        long begin = System.nanoTime();
        Run run = start(System.getenv(), options, LocalDate.now(ZoneOffset.UTC), System.out);
        System.out.println();
        System.out.printf("whatmoved demo: done in %s%n", Replay.seconds(begin));
        System.out.println("  console      " + consoleUrl(run));
        run.releaseIds().values().stream()
                .findFirst()
                .ifPresent(id -> System.out.println(
                        "  a release    " + url(run, "attribution") + "/api/releases/" + id + "/outcomes"));
        System.out.println("  API token    ./whatmoved token --scope read --subject me");
        run.scenario().teams().stream()
                .findFirst()
                .ifPresent(
                        team -> System.out.println("  digest       ./whatmoved digest --team " + team + " --since 7d"));
        if (options.exit() || !run.startedThePlatform()) {
            if (run.startedThePlatform()) {
                run.close();
            } else {
                System.out.println("The platform keeps running (it was running before the demo).");
            }
            return;
        }
        System.out.println();
        System.out.println("Ctrl-C stops everything.");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Replays the demo and prints its report; the platform runs until the returned run is closed.
     *
     * @param env the environment (settings of {@code up}, webhook secrets)
     */
    public static Run start(Map<String, String> env, Options options, LocalDate today, PrintStream out) {
        PlatformConfig config = PlatformConfig.from(env, options.platformArgs(), RepoHome.resolve());
        Scenario scenario = QuarterStory.build(today, options.seed());
        Platform platform = new Platform(config, out);
        Http http = new Http();
        Optional<String> githubSecret = setting(env, "WHATMOVED_INTAKE_GITHUB_SECRET");
        Optional<String> gitlabToken = setting(env, "WHATMOVED_INTAKE_GITLAB_TOKEN");
        boolean running = running(http, config);
        Thread hook = null;
        if (running) {
            out.println("whatmoved demo: using the platform already running on ports " + config.featuresPort() + ", "
                    + config.metricsPort() + ", " + config.attributionPort() + " (Kafka " + platform.kafkaBootstrap()
                    + ")");
            if (!Files.exists(config.dataDir().resolve("keys/jwt-private.pem"))) {
                throw new LauncherException(
                        "no signing key in " + config.dataDir().resolve("keys") + ": give the demo the data directory"
                                + " of the running platform (--data-dir)",
                        LauncherException.USAGE);
            }
        } else {
            out.println("whatmoved demo: starting the platform (nothing answers on ports " + config.featuresPort()
                    + ", " + config.metricsPort() + ", " + config.attributionPort() + ")");
            githubSecret = Optional.of(githubSecret.orElseGet(DemoCommand::randomSecret));
            gitlabToken = Optional.of(gitlabToken.orElseGet(DemoCommand::randomSecret));
            platform.addServiceEnv(
                    "features",
                    Map.of(
                            "WHATMOVED_INTAKE_GITHUB_SECRET", githubSecret.get(),
                            "WHATMOVED_INTAKE_GITLAB_TOKEN", gitlabToken.get(),
                            // the quarter's signed GitHub deployments are months old: history, not a replay
                            "WHATMOVED_INTAKE_GITHUB_MAX_DELIVERY_AGE", "P400D"));
            // the metrics service keeps its default late limit, as under ./whatmoved up: the quarter's history goes
            // through the history import; the replay's end is three quiet announcement rounds: a second apart
            platform.addServiceEnv("metrics", Map.of("WHATMOVED_METRICS_ANNOUNCE_INTERVAL", "1s"));
            platform.addServiceEnv("attribution", Map.of("WHATMOVED_OUTCOMES_JOB_EVERY", JOB_EVERY));
            hook = new Thread(platform::close, "whatmoved-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                platform.startAll();
            } catch (RuntimeException e) {
                platform.close();
                throw e;
            }
        }
        Run run = null;
        try {
            URI features = URI.create("http://127.0.0.1:" + config.featuresPort());
            URI metrics = URI.create("http://127.0.0.1:" + config.metricsPort());
            URI attribution = URI.create("http://127.0.0.1:" + config.attributionPort());
            String viewer = platform.token("demo-viewer", "read");
            FeaturesClient featuresClient = new FeaturesClient(
                    http,
                    features,
                    platform.token("demo-product-lead", "features:write", "read"),
                    platform.token("demo-ci", "releases:write"),
                    githubSecret,
                    gitlabToken);
            MetricsClient metricsClient =
                    new MetricsClient(http, metrics, platform.token("demo-analytics-export", "metrics:write"), viewer);
            AttributionClient attributionClient = new AttributionClient(http, attribution, viewer);
            // a platform started elsewhere announces rollups every 10 s (its default); ours, every second
            int quietSeconds = running ? 12 : 3;
            Replay replay = new Replay(
                    scenario,
                    featuresClient,
                    metricsClient,
                    attributionClient,
                    platform.kafkaBootstrap(),
                    quietSeconds,
                    out);
            long begin = System.nanoTime();
            Replay.State state = replay.state();
            out.println();
            if (state == Replay.State.COMPLETE) {
                out.println("The demo's quarter is already on this platform (a previous run): reading it again.");
                replay.sendReleases(); // deliveries seen before: answered with the stored releases
            } else {
                if (state == Replay.State.PARTIAL) {
                    out.println("Part of the demo's quarter is on this platform (a run that stopped half-way):"
                            + " completing it; nothing is sent twice.");
                }
                out.printf(
                        "Replaying %s (%s to %s): %d teams, %d features, %d releases, %d metrics from %s%n",
                        scenario.quarter(),
                        scenario.quarterStart(),
                        scenario.quarterEnd(),
                        scenario.teams().size(),
                        scenario.features().size(),
                        scenario.releases().size(),
                        scenario.metrics().size(),
                        scenario.dataFrom());
                replay.sendPoints();
                replay.sendFeatures();
                replay.awaitHistory(options.timeout());
                new ReviewReport(scenario, featuresClient, out).print();
                replay.sendReleases();
                replay.sendAmendmentsAfterShip();
            }
            Map<String, JsonNode> outcomes = replay.awaitOutcomes(options.timeout(), settle(state, running, env));
            out.printf("  replayed and measured in %s%n", Replay.seconds(begin));
            new DemoReport(scenario, attributionClient, out).print(outcomes);
            run = new Run(platform, !running, scenario, replay.releaseIds(), outcomes, hook);
            return run;
        } finally {
            if (run == null && !running) {
                platform.close();
            }
        }
    }

    /**
     * How long the outcomes must stay the same to be final: a few seconds when they were measured before; more than
     * one run of attribution's job after a replay (5 s on the platform the demo starts; on a running platform, its
     * {@code WHATMOVED_OUTCOMES_JOB_EVERY} if the demo's environment has it as the platform's did, else the default
     * 60 s).
     */
    static Duration settle(Replay.State state, boolean running, Map<String, String> env) {
        if (state == Replay.State.COMPLETE) {
            return Duration.ofSeconds(5);
        }
        if (!running) {
            return Duration.ofSeconds(12);
        }
        Duration job = setting(env, "WHATMOVED_OUTCOMES_JOB_EVERY")
                .map(DemoCommand::duration)
                .orElse(Duration.ofSeconds(60));
        return job.plusSeconds(10);
    }

    /** A duration as Quarkus reads it: {@code 5s}, {@code 2m}, {@code 500ms}, a number of seconds, or ISO-8601. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(60);
            };
        } catch (RuntimeException e) {
            return Duration.ofSeconds(60); // unreadable: assume attribution's default
        }
    }

    static String consoleUrl(Run run) {
        URI console = run.platform().serviceUrls().get("console");
        // a platform the demo did not start: the console on the configured port (it printed 8080 whatever the port)
        return console == null
                ? "http://localhost:" + run.platform().config().consolePort()
                : console.toString().replace("127.0.0.1", "localhost");
    }

    private static String url(Run run, String service) {
        URI uri = run.platform().serviceUrls().get(service);
        if (uri != null) {
            return uri.toString();
        }
        PlatformConfig config = run.platform().config();
        int port =
                switch (service) {
                    case "features" -> config.featuresPort();
                    case "metrics" -> config.metricsPort();
                    default -> config.attributionPort();
                };
        return "http://127.0.0.1:" + port;
    }

    /** All three services answer their readiness check: a platform runs there. Some but not all: refuse. */
    private static boolean running(Http http, PlatformConfig config) {
        Map<String, Integer> ports = Map.of(
                "features", config.featuresPort(),
                "metrics", config.metricsPort(),
                "attribution", config.attributionPort());
        List<String> up = new ArrayList<>();
        ports.forEach((name, port) -> {
            if (http.answers(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))) {
                up.add(name);
            }
        });
        if (up.isEmpty()) {
            return false;
        }
        if (up.size() < ports.size()) {
            throw new LauncherException(
                    "only " + String.join(", ", up.stream().sorted().toList())
                            + " answers on its port; start the whole platform (./whatmoved up) or stop it",
                    LauncherException.USAGE);
        }
        return true;
    }

    private static Optional<String> setting(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return "demo-" + HexFormat.of().formatHex(bytes);
    }

    public static void usage(PrintStream out) {
        out.println("Usage: ./whatmoved demo [--exit] [--seed N] [--timeout SECONDS] [options of up]");
        out.println();
        out.println(
                "Starts the platform (or uses the one already running on the ports), replays a past quarter of three");
        out.println("teams through the real front doors (webhooks, CDEvents, the APIs, Kafka and OTLP), waits until");
        out.println("attribution has measured every checkpoint, and prints outputs against outcomes and each team's");
        out.println("calibration. The platform keeps running until Ctrl-C; --exit stops it after printing.");
        out.println("  --seed N            seed of the metric noise (default " + QuarterStory.DEFAULT_SEED + ")");
        out.println("  --timeout SECONDS   longest wait for the platform's work (default 600)");
        out.println("See docs/demo.md.");
    }
}
