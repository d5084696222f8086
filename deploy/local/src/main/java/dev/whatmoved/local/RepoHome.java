package dev.whatmoved.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root: the script passes it as {@code -Dwhatmoved.home}; a test running in
 * {@code deploy/local} finds it by walking up to the directory that holds {@code mvnw} and
 * {@code services/}.
 */
public final class RepoHome {

    public static final String PROPERTY = "whatmoved.home";

    private RepoHome() {}

    public static Path resolve() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        return findFrom(Path.of("").toAbsolutePath());
    }

    static Path findFrom(Path start) {
        for (Path dir = start.normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new LauncherException(
                "cannot find the whatmoved repository above " + start + "; set -D" + PROPERTY + "=<repo root>",
                LauncherException.USAGE);
    }
}
