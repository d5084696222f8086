package dev.whatmoved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./whatmoved restart <part>} and the running launcher's {@link Supervisor}, talking through files in
 * {@code <data dir>/control}: the command writes {@code restart-<part>}, the supervisor takes it (deletes it), restarts
 * the part and writes the outcome to {@code restart-<part>.done}, which the command prints. Files, because the launcher
 * has no API of its own and the data directory is what both already share.
 */
final class RestartRequests {

    private static final String PREFIX = "restart-";
    private static final String DONE = ".done";

    private final Path dir;

    RestartRequests(Path dataDir) {
        this.dir = dataDir.resolve("control");
    }

    /** The supervisor's side: true (and the request removed) when a restart of {@code part} was asked for. */
    boolean take(String part) {
        try {
            return Files.deleteIfExists(dir.resolve(PREFIX + part));
        } catch (IOException e) {
            return false;
        }
    }

    /** Requests for parts the supervisor does not know, taken. */
    List<String> unknown(Set<String> known) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(PREFIX) && !name.endsWith(DONE))
                    .map(name -> name.substring(PREFIX.length()))
                    .filter(part -> !known.contains(part))
                    .forEach(unknown::add);
        } catch (IOException e) {
            return List.of();
        }
        unknown.forEach(this::take);
        return unknown;
    }

    void answer(String part, String outcome) {
        try {
            Files.createDirectories(dir);
            Path done = dir.resolve(PREFIX + part + DONE);
            Path partial = dir.resolve(PREFIX + part + DONE + ".tmp");
            Files.writeString(partial, outcome, StandardCharsets.UTF_8);
            Files.move(partial, done, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command's side: asks for a restart of {@code part}. */
    void ask(String part) {
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(dir.resolve(PREFIX + part + DONE));
            Files.writeString(dir.resolve(PREFIX + part), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the supervisor took the request of {@code part} (it checks once a second). */
    boolean taken(String part) {
        return !Files.exists(dir.resolve(PREFIX + part));
    }

    /** Withdraws a request no supervisor took. */
    void withdraw(String part) {
        take(part);
    }

    /** The outcome of the restart of {@code part}, once the supervisor wrote it (waiting up to {@code timeout}). */
    Optional<String> awaitAnswer(String part, Duration timeout) throws InterruptedException {
        Path done = dir.resolve(PREFIX + part + DONE);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(done)) {
                try {
                    String outcome = Files.readString(done, StandardCharsets.UTF_8);
                    Files.deleteIfExists(done);
                    return Optional.of(outcome);
                } catch (IOException e) {
                    // being written; read it on the next round
                }
            }
            Thread.sleep(200);
        }
        return Optional.empty();
    }
}
