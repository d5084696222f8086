package dev.whatmoved.notify.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "whatmoved.notify")
public interface NotifyConfig {

    /** How often the delivery worker looks for due deliveries (its worst-case added latency). */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most deliveries sent in one round (concurrently). */
    @WithDefault("50")
    int batchSize();

    /** The pause after a delivery's first failure; it doubles with each further failure up to {@link #maxBackoff()}. */
    @WithDefault("5s")
    Duration initialBackoff();

    /** The longest pause between two attempts of one delivery. */
    @WithDefault("30m")
    Duration maxBackoff();

    /** Attempts after which a delivery is given up (status failed). */
    @WithDefault("60")
    int maxAttempts();

    /** Failures in a row after which a rule's receiver is reported failing (health and metrics). */
    @WithDefault("3")
    int failingAfter();

    /** How long one HTTP delivery may take before it counts as failed. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** How often the delivery gauges of /q/metrics are measured. */
    @WithDefault("15s")
    Duration gaugeInterval();

    /** Base URL of the web console, for the messages' links; none: messages carry no link. */
    Optional<String> consoleUrl();

    /** The weekly "what moved" digest. */
    Digest digest();

    /** Where the digest reads the team's calibration trend: attribution's {@code GET /api/calibration}. */
    Calibration calibration();

    interface Calibration {

        /** Ask attribution for the digest's calibration section; off: the digest says so. */
        @WithDefault("true")
        boolean enabled();

        /** Base URL of attribution ({@code WHATMOVED_NOTIFY_CALIBRATION_ATTRIBUTION_URL}). */
        @WithDefault("http://localhost:8083")
        URI attributionUrl();

        /** How long a digest waits for it before it goes without it (and says why). */
        @WithDefault("4s")
        Duration timeout();

        /**
         * A {@code read}-scope token for the weekly digest, which has no caller ({@code
         * WHATMOVED_NOTIFY_CALIBRATION_TOKEN}); a printed digest sends its caller's. None: the weekly digest asks
         * without one (attribution refuses when authentication is on, and the digest says so).
         */
        Optional<String> token();
    }

    interface Digest {

        /** The day the weekly digest is sent (UTC); it covers the seven days before. */
        @WithDefault("MONDAY")
        DayOfWeek day();

        /** The hour of that day, UTC. */
        @WithDefault("8")
        int hour();

        /** How often the service checks whether a week's digest is due; 0 turns the weekly digest off. */
        @WithDefault("15m")
        Duration checkInterval();
    }
}
