package dev.whatmoved.local.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of the packaged services under the data directory, run instead of the repository's: a rebuild of a service
 * during the run (its target/quarkus-app deleted and written again) must not break a restart.
 */
final class ServiceSnapshot {

    private ServiceSnapshot() {}

    /** Copies the packaged features, metrics and attribution to {@code dataDir/home}, which it returns. */
    static Path take(Path repository, Path dataDir) {
        Path home = dataDir.resolve("home");
        try {
            for (String service : List.of("features", "metrics", "attribution")) {
                Path app = Path.of("services", service, "target", "quarkus-app");
                Path from = repository.resolve(app);
                if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                    throw new IllegalStateException(from + "/quarkus-run.jar is missing: package the services first"
                            + " (./mvnw -DskipTests package)");
                }
                copy(from, home.resolve(app));
            }
            Path lib = repository.resolve("deploy/local/target/lib");
            if (Files.isDirectory(lib)) {
                Files.createDirectories(home.resolve("deploy/local/target"));
                Files.createSymbolicLink(home.resolve("deploy/local/target/lib"), lib);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return home;
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
}
