package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

/** What a stopped platform must not leave behind, and free ports to start one on. */
public final class LeftBehind {

    private LeftBehind() {}

    /** Asserts that none of {@code pids} lives and none of {@code ports} is bound. */
    public static void assertNothingLeft(List<Long> pids, List<Integer> ports) throws InterruptedException {
        // The postmaster is not our child: give init a moment to reap it.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(LeftBehind::alive)) {
            Thread.sleep(100);
        }
        for (long pid : pids) {
            assertFalse(alive(pid), "process " + pid + " still alive");
        }
        for (int port : ports) {
            assertTrue(PortCheck.isFree(port), "port " + port + " still bound");
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
