package dev.whatmoved.local;

import java.nio.file.Path;
import java.time.Duration;

/** A part of the platform the {@link Supervisor} watches and brings back: PostgreSQL, the broker, each service. */
interface Supervised {

    /** As the terminal and {@code ./whatmoved restart <name>} call it: {@code postgres}, {@code kafka}, {@code metrics}. */
    String name();

    boolean isAlive();

    /** How it ended, for the terminal: "exited with code 137", "is gone". */
    String howItEnded();

    Path logFile();

    /** Stops it gracefully (a restart asked for by hand). */
    void stop();

    /**
     * Starts it again and waits until it is ready; returns how long that took.
     *
     * @throws LauncherException when it does not come up
     */
    Duration start();
}
