package dev.whatmoved.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The platform's parts as the {@link Supervisor} sees them: each started again exactly as the launcher starts it. */
final class SupervisedParts {

    private SupervisedParts() {}

    static Supervised service(ServiceProcess service, Path workDir, Duration timeout, List<Long> pids) {
        return new Supervised() {
            @Override
            public String name() {
                return service.name();
            }

            @Override
            public boolean isAlive() {
                return service.process().isAlive();
            }

            @Override
            public String howItEnded() {
                return ended(service.process());
            }

            @Override
            public Path logFile() {
                return service.process().logFile();
            }

            @Override
            public void stop() {
                service.process().requestStop();
                service.process().awaitStop(Duration.ofSeconds(15));
            }

            @Override
            public Duration start() {
                service.start(workDir);
                pids.add(service.process().pid());
                long deadline = System.nanoTime() + timeout.toNanos();
                try {
                    while (!service.probeReady()) {
                        if (System.nanoTime() > deadline) {
                            throw service.notReadyWithin(timeout);
                        }
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LauncherException("interrupted while waiting for " + service.name(), e);
                }
                return service.sinceStart();
            }
        };
    }

    static Supervised kafka(KafkaBroker kafka, Path logFile, Duration timeout, List<Long> pids) {
        return new Supervised() {
            @Override
            public String name() {
                return "kafka";
            }

            @Override
            public boolean isAlive() {
                return kafka.isAlive();
            }

            @Override
            public String howItEnded() {
                return kafka.process() == null ? "is not running" : ended(kafka.process());
            }

            @Override
            public Path logFile() {
                return logFile;
            }

            @Override
            public void stop() {
                kafka.close();
            }

            @Override
            public Duration start() {
                long begin = System.nanoTime();
                kafka.start(timeout);
                pids.add(kafka.pid());
                return Duration.ofNanos(System.nanoTime() - begin);
            }
        };
    }

    static Supervised postgres(EmbeddedPostgresServer postgres, Path logFile, Duration timeout, List<Long> pids) {
        return new Supervised() {
            @Override
            public String name() {
                return "postgres";
            }

            @Override
            public boolean isAlive() {
                return postmaster().map(ProcessHandle::isAlive).orElse(false);
            }

            private Optional<ProcessHandle> postmaster() {
                return postgres.postmasterPid().flatMap(ProcessHandle::of);
            }

            @Override
            public String howItEnded() {
                return "is gone (its postmaster is not running)";
            }

            @Override
            public Path logFile() {
                return logFile;
            }

            @Override
            public void stop() {
                postgres.close();
            }

            @Override
            public Duration start() {
                long begin = System.nanoTime();
                try {
                    postgres.close(); // releases the data directory's lock; the dead server's stop fails quietly
                } catch (LauncherException e) {
                    // nothing to stop
                }
                postgres.start(timeout);
                postgres.postmasterPid().ifPresent(pids::add);
                return Duration.ofNanos(System.nanoTime() - begin);
            }
        };
    }

    private static String ended(ChildProcess process) {
        return process.isAlive() ? "is running" : "exited with code " + process.exitValue();
    }
}
