package dev.whatmoved.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command the README shows works on a fresh clone (issue 17: {@code ./whatmoved bench simulation} once failed
 * there because {@code -pl services/attribution} cannot resolve sibling modules that were never installed).
 *
 * <p>The commands are read from README.md (code blocks and inline code), so a new one is covered or this test fails
 * naming it. Each is either run here, in a {@code git clone} of the repository (its committed state), or mapped to
 * the test that covers it ({@link #ELSEWHERE}). The clone gets the launcher's build output copied in (what
 * {@code ./mvnw package} makes, which CI has just run), so {@code token}, {@code help}, {@code restart} and
 * {@code import} run at once; the benchmarks build what they need themselves, as on a fresh clone, offline from the
 * local repository but installing into a temporary one ({@code -Dmaven.repo.local} with the user's repository as its
 * read-only tail): nothing lands in {@code ~/.m2/repository/dev}, and a sibling module never built in the clone
 * cannot be found there either. Each bench runs with small sizes and must exit 0 and print its {@code RESULT} line.
 *
 * <p>In the suite (about 100 s: the benches' builds in the clone are most of it). The three benches that start a
 * platform run only with {@code -Dreadme.benches=all}.
 */
class ReadmeCommandsIT {

    /** README commands covered by another test, and which. */
    static final Map<String, String> ELSEWHERE = Map.of(
            "./mvnw -B verify",
            "CI itself: .ci/run runs exactly this command on a clean clone (this test is part of it)",
            "./whatmoved up",
            "PlatformEndToEndIT, ChaosIT, ConsoleBrowserIT: the platform as up starts and supervises it",
            "./whatmoved demo",
            "DemoIT: the demo's quarter on the platform up starts",
            "./whatmoved digest",
            "DigestCommandTest (its options) and notify's DigestTest (the digest it prints, GET /api/teams/{team}/digest)");

    private static final Pattern INLINE = Pattern.compile("`([^`]+)`");
    private static final Pattern COMMAND = Pattern.compile("\\./(whatmoved|mvnw)((?: [^ `)\"$|;&]+)*)");

    /** The README's commands, each with the words that name it (its key) and the text as shown. */
    static Map<String, Set<String>> readmeCommands(String readme) {
        List<String> code = new ArrayList<>();
        boolean fenced = false;
        StringBuilder prose = new StringBuilder();
        for (String line : readme.split("\n", -1)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                code.add(line);
            } else {
                prose.append(line).append(' ');
            }
        }
        Matcher inline = INLINE.matcher(prose);
        while (inline.find()) {
            code.add(inline.group(1).replaceAll("\\s+", " "));
        }
        Map<String, Set<String>> commands = new LinkedHashMap<>();
        for (String text : code) {
            Matcher command = COMMAND.matcher(text);
            while (command.find()) {
                String shown = command.group().strip();
                commands.computeIfAbsent(key(shown), k -> new LinkedHashSet<>()).add(shown);
            }
        }
        return commands;
    }

    /** {@code ./whatmoved} and its sub-command words ({@code bench scale}, {@code import releases}); mvnw as shown. */
    static String key(String shown) {
        if (shown.startsWith("./mvnw")) {
            return shown;
        }
        StringBuilder key = new StringBuilder("./whatmoved");
        for (String word : shown.substring("./whatmoved".length()).strip().split(" ")) {
            if (!word.matches("[a-z][a-z-]*")) {
                break;
            }
            key.append(' ').append(word);
        }
        return key.toString();
    }

    @Test
    void everyReadmeCommandRunsOnAFreshClone() throws Exception {
        Path home = RepoHome.resolve();
        Map<String, Set<String>> commands = readmeCommands(Files.readString(home.resolve("README.md")));
        Path work = Files.createTempDirectory("readme-commands");
        Path clone = work.resolve("clone");
        Path userRepo = Path.of(System.getProperty("user.home"), ".m2", "repository");
        boolean devBefore = Files.exists(userRepo.resolve("dev/whatmoved"));
        long begin = System.nanoTime();
        Clone run = new Clone(home, clone, work.resolve("repository"), userRepo, work.resolve("out"));
        Map<String, Runnable> here = new LinkedHashMap<>();
        here.put("./whatmoved help", () -> run.ok("./whatmoved help")
                .contains("Usage: ./whatmoved", "restart", "token"));
        here.put("./whatmoved token", () -> commands.get("./whatmoved token")
                .forEach(shown -> run.ok(shown).matches("(?s)[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\s*")));
        // with no platform running, it says so (the restart itself: ChaosIT, through the same request files)
        here.put("./whatmoved restart", () -> run.fails(2, "./whatmoved restart kafka")
                .contains("no ./whatmoved up is running"));
        here.put("./whatmoved import releases", () -> {
            run.git("tag", "v0.0.1-readme");
            run.ok("./whatmoved import releases --git . --tags 'v*' --dry-run").contains("v0.0.1-readme");
        });
        // The benches that need only attribution's build (no Quarkus application: -Dquarkus.build.skip) run small.
        here.put(
                "./whatmoved bench simulation",
                () -> run.bench(
                        "./whatmoved bench simulation --kinds trend --nulls 4 --per-effect 2",
                        "",
                        "-Dquarkus.build.skip=true",
                        "RESULT "));
        here.put(
                "./whatmoved bench analyses",
                () -> run.bench(
                        "./whatmoved bench analyses 1 1", "", "-Dquarkus.build.skip=true", "RESULT analyses_per_s="));
        here.put("./whatmoved bench statsmodels", () -> {
            if (!run.hasStatsmodels()) {
                System.out.println("[readme] ./whatmoved bench statsmodels: not run, Debian's python3-statsmodels is"
                        + " not installed (the README says it needs it)");
                return;
            }
            run.bench(
                    "./whatmoved bench statsmodels --kinds trend --nulls 4 --per-effect 2",
                    "",
                    "-Dquarkus.build.skip=true",
                    "RESULT ");
        });
        // These two start a platform and packaged services (minutes on two cores even with small sizes): beyond CI's
        // budget for this test, run with -Dreadme.benches=all.
        here.put(
                "./whatmoved bench ingest",
                () -> run.heavyBench(
                        "./whatmoved bench ingest",
                        "-Dpoints=20000 -Drounds=1 -DwarmupRounds=1 -Dpartitions=3 -DhttpPoints=2000 -DhttpWarmupPoints=1000"
                                + " -DhttpClients=2 -Dbatch=500",
                        "RESULT points_per_s="));
        here.put(
                "./whatmoved bench scale",
                () -> run.heavyBench(
                        "./whatmoved bench scale",
                        "-Dpoints=20000 -DchaosPoints=20000 -DchaosSeconds=8 -DchaosMetrics=2 -DhistoryDays=20"
                                + " -DsessionTimeoutMs=6000 -DsettleSeconds=180",
                        "RESULT one_instance_points_per_s="));

        here.put(
                "./whatmoved bench rollup-intake",
                () -> run.heavyBench(
                        "./whatmoved bench rollup-intake", "-Dmetrics=5 -Ddays=3 -DpointsPerHour=2", "RESULT "));
        here.put(
                "./whatmoved bench pipeline",
                () -> run.heavyBench(
                        "./whatmoved bench pipeline",
                        "-Dmetrics=3 -Ddays=40 -Dreleases=3 -DliveSeconds=20 -DliveReleases=1 -Dalone=false",
                        "RESULT import_points_per_s="));

        Set<String> uncovered = new TreeSet<>(commands.keySet());
        uncovered.removeAll(here.keySet());
        uncovered.removeAll(ELSEWHERE.keySet());
        assertThat(uncovered)
                .as("README commands neither run here nor mapped to a test (ReadmeCommandsIT.ELSEWHERE)")
                .isEmpty();
        Set<String> gone = new TreeSet<>(here.keySet());
        gone.addAll(ELSEWHERE.keySet());
        gone.removeAll(commands.keySet());
        assertThat(gone)
                .as("commands this test covers that the README no longer shows")
                .isEmpty();

        run.cloneAndCopyLauncher();
        for (Map.Entry<String, Runnable> command : here.entrySet()) {
            long start = System.nanoTime();
            command.getValue().run();
            System.out.printf(
                    Locale.ROOT, "[readme] %-32s ok in %5.1f s%n", command.getKey(), (System.nanoTime() - start) / 1e9);
        }
        ELSEWHERE.forEach((command, test) -> System.out.printf(Locale.ROOT, "[readme] %-32s %s%n", command, test));
        System.out.printf(Locale.ROOT, "[readme] every README command in %.1f s%n", (System.nanoTime() - begin) / 1e9);
        if (!devBefore) {
            assertThat(userRepo.resolve("dev/whatmoved"))
                    .as("nothing installed into the user's repository")
                    .doesNotExist();
        }
        deleteRecursively(work);
    }

    /** The clone and how commands run in it. */
    static final class Clone {
        private final Path home;
        private final Path dir;
        private final Path repository;
        private final Path userRepository;
        private final Path out;
        private int runs;

        Clone(Path home, Path dir, Path repository, Path userRepository, Path out) {
            this.home = home;
            this.dir = dir;
            this.repository = repository;
            this.userRepository = userRepository;
            this.out = out;
        }

        void cloneAndCopyLauncher() {
            try {
                Files.createDirectories(out);
                Files.createDirectories(repository);
                assertThat(exec(List.of("git", "clone", "-q", home.toString(), dir.toString()), home, Map.of(), 120))
                        .isZero();
                Path target = home.resolve("deploy/local/target");
                for (String part : List.of("classes", "lib")) {
                    copy(
                            target.resolve(part),
                            dir.resolve("deploy/local/target").resolve(part));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        Output ok(String command) {
            return run(command, Map.of(), 0, 120);
        }

        Output fails(int code, String command) {
            return run(command, Map.of(), code, 120);
        }

        void git(String... args) {
            List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
            command.addAll(List.of(args));
            assertThat(exec(command, dir, Map.of(), 30)).isZero();
        }

        /**
         * A bench, built and run as on a fresh clone (offline; installs go to the temporary repository, never to the
         * user's); exit 0 and a RESULT line last.
         */
        void bench(String command, String benchOpts, String mavenArgs, String result) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put(
                    "MAVEN_ARGS",
                    ("-o -Dmaven.repo.local=" + repository + " -Dmaven.repo.local.tail=" + userRepository + " "
                                    + mavenArgs)
                            .strip());
            if (!benchOpts.isEmpty()) {
                env.put("BENCH_OPTS", benchOpts);
            }
            Output output = run(command, env, 0, 900);
            List<String> lines = output.text().lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines).as(command).isNotEmpty();
            assertThat(lines.get(lines.size() - 1))
                    .as("last line of " + command)
                    .startsWith(result);
        }

        void heavyBench(String command, String benchOpts, String result) {
            if (!"all".equals(System.getProperty("readme.benches"))) {
                System.out.println("[readme] " + command + ": not run (starts a platform; -Dreadme.benches=all runs it"
                        + " with BENCH_OPTS=\"" + benchOpts + "\")");
                return;
            }
            bench(command, benchOpts, "", result);
        }

        boolean hasStatsmodels() {
            return exec(List.of("/usr/bin/python3", "-c", "import statsmodels"), dir, Map.of(), 60) == 0;
        }

        private Output run(String command, Map<String, String> env, int expected, int timeoutSeconds) {
            Path log = out.resolve("run-" + (++runs) + ".log");
            int code = exec(List.of("bash", "-c", command + " > " + log + " 2>&1"), dir, env, timeoutSeconds);
            String text;
            try {
                text = Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(code)
                    .as("exit code of %s; its output:%n%s", command, tail(text))
                    .isEqualTo(expected);
            return new Output(text);
        }

        private static int exec(List<String> command, Path dir, Map<String, String> env, int timeoutSeconds) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    throw new AssertionError(command + " did not end within " + timeoutSeconds + " s");
                }
                return process.exitValue();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        private static String tail(String text) {
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }

    /** What a command printed. */
    record Output(String text) {
        Output contains(String... parts) {
            assertThat(text).contains(parts);
            return this;
        }

        Output matches(String regex) {
            assertThat(text).matches(regex);
            return this;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
