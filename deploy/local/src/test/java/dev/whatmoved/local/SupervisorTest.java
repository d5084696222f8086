package dev.whatmoved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions, on parts that die on command: restart with backoff, give up loudly, restart by hand. */
class SupervisorTest {

    /** A part that is dead until started, counting its starts. */
    static class Part implements Supervised {
        final String name;
        volatile boolean alive = true;
        volatile int starts;
        int stops;

        Part(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean isAlive() {
            return alive;
        }

        @Override
        public String howItEnded() {
            return "exited with code 137";
        }

        @Override
        public Path logFile() {
            return Path.of(name + ".log");
        }

        @Override
        public void stop() {
            stops++;
            alive = false;
        }

        @Override
        public Duration start() {
            starts++;
            alive = true;
            return Duration.ofMillis(1500);
        }
    }

    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    private final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

    private Supervisor supervisor(Path dataDir, Part... parts) {
        return new Supervisor(
                List.of(parts),
                new RestartRequests(dataDir),
                new PrintStream(terminal, true, StandardCharsets.UTF_8),
                dataDir.resolve("supervisor.log"),
                waits::add,
                Runnable::run);
    }

    @Test
    void aCrashedPartIsRestartedWithGrowingBackoffUntilItCrashesTooOftenThenTheRestRuns() throws Exception {
        Path dir = Files.createTempDirectory("supervisor");
        Part metrics = new Part("metrics");
        Part kafka = new Part("kafka");
        Supervisor supervisor = supervisor(dir, metrics, kafka);
        Instant now = Instant.parse("2026-12-06T10:00:00Z");

        for (int crash = 1; crash <= Supervisor.MAX_CRASHES; crash++) {
            metrics.alive = false;
            supervisor.checkOnce(now.plusSeconds(crash * 30L));
        }

        assertEquals(Supervisor.MAX_CRASHES - 1, metrics.starts, "restarted after each crash but the last");
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                waits);
        assertTrue(supervisor.gaveUpOn("metrics"));
        assertFalse(supervisor.gaveUpOn("kafka"));
        assertEquals(0, kafka.starts, "a part that did not die is left alone");
        String said = terminal.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("whatmoved: metrics exited with code 137; restarting it in 1 s (crash 1"), said);
        assertTrue(said.contains("whatmoved: metrics is back, ready in 1.5 s"), said);
        assertTrue(said.contains("whatmoved: GIVING UP on metrics"), said);
        assertTrue(Files.readString(dir.resolve("supervisor.log")).contains("GIVING UP on metrics"));

        // given up: no more restarts, until someone asks by hand
        supervisor.checkOnce(now.plusSeconds(400));
        assertEquals(Supervisor.MAX_CRASHES - 1, metrics.starts);
        RestartRequests byHand = new RestartRequests(dir);
        byHand.ask("metrics");
        supervisor.checkOnce(now.plusSeconds(401));
        assertEquals(Supervisor.MAX_CRASHES, metrics.starts);
        assertFalse(supervisor.gaveUpOn("metrics"));
        assertEquals(
                "metrics is back, ready in 1.5 s",
                byHand.awaitAnswer("metrics", Duration.ofSeconds(1)).orElseThrow());
    }

    @Test
    void crashesOlderThanTheWindowAreForgiven() throws Exception {
        Path dir = Files.createTempDirectory("supervisor");
        Part kafka = new Part("kafka");
        Supervisor supervisor = supervisor(dir, kafka);
        Instant now = Instant.parse("2026-12-06T10:00:00Z");
        for (int crash = 0; crash < 3 * Supervisor.MAX_CRASHES; crash++) {
            kafka.alive = false;
            supervisor.checkOnce(now.plus(Supervisor.CRASH_WINDOW.dividedBy(3).multipliedBy(crash)));
        }
        assertFalse(supervisor.gaveUpOn("kafka"), "three crashes in each window at most");
        assertEquals(3 * Supervisor.MAX_CRASHES, kafka.starts);
    }

    @Test
    void aRestartByHandStopsThePartGracefullyAndAnswersAnUnknownName() throws Exception {
        Path dir = Files.createTempDirectory("supervisor");
        Part features = new Part("features");
        Supervisor supervisor = supervisor(dir, features);
        RestartRequests byHand = new RestartRequests(dir);

        byHand.ask("features");
        byHand.ask("feature");
        supervisor.checkOnce(Instant.now());

        assertEquals(1, features.stops);
        assertEquals(1, features.starts);
        assertTrue(waits.isEmpty(), "no backoff for a restart asked for");
        assertEquals(
                "features is back, ready in 1.5 s",
                byHand.awaitAnswer("features", Duration.ofSeconds(1)).orElseThrow());
        assertTrue(byHand.awaitAnswer("feature", Duration.ofSeconds(1))
                .orElseThrow()
                .startsWith("no part named feature"));
    }

    @Test
    void aPartThatDiesWhileAnotherIsStartingIsRestartedWithoutWaitingForIt() throws Exception {
        Path dir = Files.createTempDirectory("supervisor");
        CountDownLatch attributionMayBeReady = new CountDownLatch(1);
        Part attribution = new Part("attribution") {
            @Override
            public Duration start() {
                try {
                    attributionMayBeReady.await(); // a start that takes minutes on a busy machine
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.start();
            }
        };
        Part kafka = new Part("kafka");
        ExecutorService threads = Executors.newCachedThreadPool();
        Supervisor supervisor = new Supervisor(
                List.of(attribution, kafka),
                new RestartRequests(dir),
                new PrintStream(terminal, true, StandardCharsets.UTF_8),
                dir.resolve("supervisor.log"),
                waits::add,
                threads);
        try {
            Instant now = Instant.parse("2026-12-06T10:00:00Z");
            attribution.alive = false;
            supervisor.checkOnce(now);
            supervisor.checkOnce(now.plusSeconds(1));
            kafka.alive = false;
            supervisor.checkOnce(now.plusSeconds(2));

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (kafka.starts == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, kafka.starts, "kafka restarted while attribution is still starting");
            assertEquals(0, attribution.starts);
            assertEquals(
                    List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)),
                    waits,
                    "attribution's start is under way: it is not taken for a second crash");
            attributionMayBeReady.countDown();
            while (attribution.starts == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, attribution.starts);
        } finally {
            attributionMayBeReady.countDown();
            threads.shutdownNow();
        }
    }
}
