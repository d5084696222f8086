package dev.whatmoved.local;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code ./whatmoved <command> [options]}: parses the command line and runs the command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "up" -> up(options);
                case "token" -> token(options);
                case "restart" -> restart(options);
                case "demo" -> dev.whatmoved.local.demo.DemoCommand.run(options);
                case "import" -> dev.whatmoved.local.importing.ImportCommand.run(options);
                case "digest" -> DigestCommand.run(options);
                case "help", "--help", "-h" -> usage(System.out);
                default -> {
                    System.err.println("whatmoved: unknown command '" + command + "'");
                    usage(System.err);
                    System.exit(LauncherException.USAGE);
                }
            }
        } catch (LauncherException e) {
            System.err.println("whatmoved: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }

    private static void up(List<String> options) {
        if (options.contains("--help") || options.contains("-h")) {
            usage(System.out);
            return;
        }
        PlatformConfig config = PlatformConfig.from(System.getenv(), options, RepoHome.resolve());
        Platform platform = new Platform(config, System.out);
        // Registered before anything starts, so Ctrl-C during startup also stops what is already running.
        Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "whatmoved-stop"));
        try {
            platform.startAll();
        } catch (LauncherException e) {
            if (platform.isClosed()) {
                // Stopped by a signal while starting: the shutdown hook is already cleaning up.
                return;
            }
            System.err.println("whatmoved: " + e.getMessage());
            platform.close();
            System.exit(e.exitCode());
        }
        new StatusTable(platform).print(System.out);
        platform.supervise();
        try {
            // Everything else runs in child processes; this thread only waits for the signal.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the running {@code ./whatmoved up} (of the same data directory) to restart one part, and prints how that
     * went: its supervisor stops the part gracefully and starts it as at launch.
     */
    private static void restart(List<String> options) {
        List<String> rest = new java.util.ArrayList<>(options);
        int dataDirFlag = rest.indexOf(Setting.DATA_DIR.flag);
        List<String> dataDirOption = List.of();
        if (dataDirFlag >= 0 && dataDirFlag + 1 < rest.size()) {
            dataDirOption = List.copyOf(rest.subList(dataDirFlag, dataDirFlag + 2));
            rest.subList(dataDirFlag, dataDirFlag + 2).clear();
        }
        if (rest.size() != 1) {
            throw new LauncherException(
                    "usage: ./whatmoved restart <part> (postgres, kafka, features, metrics, attribution, notify or console)",
                    LauncherException.USAGE);
        }
        String part = rest.get(0);
        PlatformConfig config = PlatformConfig.from(System.getenv(), dataDirOption, RepoHome.resolve());
        RestartRequests requests = new RestartRequests(config.dataDir());
        requests.ask(part);
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            while (!requests.taken(part) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!requests.taken(part)) {
                requests.withdraw(part);
                throw new LauncherException(
                        "no ./whatmoved up is running on " + config.dataDir() + " (nothing took the request in 5 s)",
                        LauncherException.USAGE);
            }
            System.out.println("whatmoved: restarting " + part + " ...");
            String outcome = requests.awaitAnswer(part, config.startTimeout().plusSeconds(30))
                    .orElseThrow(() -> new LauncherException(
                            part + " did not come back within "
                                    + config.startTimeout().toSeconds() + " s",
                            LauncherException.STARTUP_FAILED));
            System.out.println("whatmoved: " + outcome);
            if (!outcome.contains(" is back")) {
                System.exit(LauncherException.STARTUP_FAILED);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints a bearer token signed by the platform's key (made now if the platform never ran). */
    private static void token(List<String> options) {
        TokenCommand.Request request = TokenCommand.parse(options);
        int dataDirFlag = options.indexOf(Setting.DATA_DIR.flag);
        List<String> dataDirOption = dataDirFlag < 0 ? List.of() : options.subList(dataDirFlag, dataDirFlag + 2);
        PlatformConfig config = PlatformConfig.from(System.getenv(), dataDirOption, RepoHome.resolve());
        SigningKeys keys = new SigningKeys(config.dataDir()).ensure();
        System.out.println(TokenCommand.mint(keys, request, Instant.now()));
    }

    static void usage(PrintStream out) {
        out.println("Usage: ./whatmoved <command> [options]");
        out.println();
        out.println("Commands:");
        out.println("  up      start PostgreSQL, Kafka and the services (building them on first use), restart any that"
                + " dies; Ctrl-C stops all");
        out.println("  restart <part>  restart postgres, kafka or a service of the running ./whatmoved up");
        out.println(
                "  demo    start the platform and replay a past quarter of three teams through the front doors; then");
        out.println("          print outputs vs outcomes and calibration (./whatmoved demo --help; docs/demo.md)");
        out.println("  import  import past deployments: ./whatmoved import releases --git PATH --tags 'v*', or --file");
        out.println("          releases.csv, into the running platform (./whatmoved import --help; docs/intake.md)");
        out.println("  digest  print a team's 'what moved' digest (Markdown) from the running platform:");
        out.println("          " + DigestCommand.usage());
        out.println("  build   build everything (mvnw package without tests)");
        out.println("  token   print a bearer token: " + TokenCommand.usage());
        out.println(
                "  bench   run a benchmark or the simulation study: ./whatmoved bench <name> (deploy/bench/run-<name>.sh)");
        out.println("          names: simulation, statsmodels, analyses, ingest, scale; each prints a RESULT line last."
                + " Small sizes");
        out.println("          for a quick check: simulation|statsmodels --kinds trend --nulls 4 --per-effect 2;"
                + " analyses 1 1");
        out.println("          (seconds, threads); ingest and scale take BENCH_OPTS, e.g. BENCH_OPTS='-Dpoints=20000'"
                + " (see each script)");
        out.println("  help    show this text");
        out.println();
        out.println("Options of up (each also as an environment variable; an option wins):");
        for (Setting setting : Setting.values()) {
            String flag = setting.isSwitch() ? setting.flag : setting.flag + " " + setting.valueName;
            out.println("  " + Platform.pad(flag, 32) + setting.description);
            out.println("  " + " ".repeat(32) + setting.env + ", default " + setting.defaultText);
        }
        out.println();
        out.println("The services get QUARKUS_HTTP_PORT, WHATMOVED_DB_HOST, WHATMOVED_DB_PORT, WHATMOVED_DB_NAME,");
        out.println(
                "WHATMOVED_DB_USER, WHATMOVED_DB_PASSWORD and KAFKA_BOOTSTRAP_SERVERS; logs go to <data dir>/logs.");
        out.println(
                "Exit codes: 2 bad option, missing build or port in use (nothing started); 1 a part did not start.");
    }
}
