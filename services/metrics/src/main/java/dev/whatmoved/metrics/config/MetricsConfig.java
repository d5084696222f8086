package dev.whatmoved.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

@ConfigMapping(prefix = "whatmoved.metrics")
public interface MetricsConfig {

    /**
     * The reporting time zone: where days (and hours) of the rollups begin. Set it before the first point arrives;
     * changing it later leaves the existing buckets where they are.
     */
    @WithDefault("UTC")
    ZoneId reportingZone();

    /** How old a point may be and still update its buckets; older points are rejected. */
    @WithDefault("P120D")
    Duration lateLimit();

    /** How far ahead of the service's clock a point may be (clock skew of exporters); later points are rejected. */
    @WithDefault("P1D")
    Duration futureLimit();

    /**
     * Most distinct dimension combinations per metric (each one is a series of rollups); a point that would add one
     * more is rejected with a reason naming this limit. Points without dimensions do not count.
     */
    @WithDefault("10000")
    int maxDimensionCombinations();

    /**
     * How many group-commit transactions of HTTP, CSV and OTLP points run at once (more requests wait and go together
     * into the next one).
     */
    @WithDefault("2")
    int writers();

    /** Rollup announcements ({@code metric.rollup.v1} events): how changed buckets reach Kafka. */
    Announce announce();

    /** The Kafka ingestion from {@code whatmoved.metric-points}. */
    Kafka kafka();

    /**
     * The staging table: where points taken over HTTP wait, durable, until the rollups take them. Its keys keep their
     * first name, {@code whatmoved.metrics.intake.*} ({@code WHATMOVED_METRICS_INTAKE_*}), so deployments need no change.
     */
    @WithName("intake")
    Staging staging();

    interface Staging {

        /**
         * Most staged rows (group commits of requests) one transaction adds to the rollups: the more it merges, the
         * fewer times a bucket shared by many requests is written.
         */
        @WithDefault("1000")
        int batchSize();

        /**
         * The least time from the start of one round of the applier to the start of the next while requests keep
         * coming: what is stored meanwhile goes into the next round, so a bucket many requests add to is written once
         * per interval, not once per request. A round starts at once after a quiet spell, and whenever a series read
         * waits for the staging table.
         */
        @WithDefault("500ms")
        Duration applyInterval();

        /** How often the staging table is swept for rows nobody signalled (left by a stopped or crashed instance). */
        @WithDefault("1s")
        Duration sweepInterval();

        /**
         * How long a series read waits for points answered before it to reach the rollups (read-your-writes); after
         * that it reads what is there.
         */
        @WithDefault("10s")
        Duration readWait();
    }

    interface Announce {

        /**
         * How often changed buckets are announced: all changes of a bucket within one round give one event. Their
         * reader (attribution) measures checkpoints a day or more after a release, so freshness of seconds buys
         * nothing there, while a bucket fed continuously costs one event and one update (its mark) per round.
         */
        @WithDefault("10s")
        Duration interval();

        /** Most buckets announced in one transaction. */
        @WithDefault("2000")
        int batchSize();

        /**
         * How often every metric's watermark ({@code metric.announced.v1}) is sent, after a round that announced every
         * due bucket: attribution measures a checkpoint only once its metric's watermark has passed the checkpoint's
         * due time, so this bounds how long a due checkpoint waits.
         */
        @WithDefault("5s")
        Duration watermarkInterval();

        /**
         * How often the announcer's backlog ({@code whatmoved_rollups_due}, {@code
         * whatmoved_rollups_due_oldest_age_seconds}) is measured.
         */
        @WithDefault("15s")
        Duration backlogInterval();
    }

    interface Kafka {

        /** Whether this instance consumes {@code whatmoved.metric-points}. */
        @WithDefault("true")
        boolean enabled();

        /** The topic of point batches. */
        @WithDefault("whatmoved.metric-points")
        String topic();

        /** The consumer group shared by the service's instances. */
        @WithDefault("whatmoved-metrics.metric-points")
        String groupId();

        /**
         * How many consumers (members of the group, each with its own thread and transaction) this instance runs: the
         * topic's partitions are shared among them and among other instances. Each one reads (decompresses), parses and
         * checks its partitions' records on its own core. Unset: one per core the JVM may use, at most
         * {@link #MAX_DEFAULT_CONSUMERS} ({@link #consumersToRun()}).
         */
        Optional<Integer> consumers();

        /** The most consumers an instance runs when {@link #consumers()} is not set. */
        int MAX_DEFAULT_CONSUMERS = 4;

        /** {@link #consumers()}, or one per available core (at most {@link #MAX_DEFAULT_CONSUMERS}); at least 1. */
        default int consumersToRun() {
            return Math.max(
                    1,
                    consumers()
                            .orElseGet(() -> Math.min(
                                    MAX_DEFAULT_CONSUMERS, Runtime.getRuntime().availableProcessors())));
        }

        /** Most records read in one poll. */
        @WithDefault("500")
        int maxPollRecords();

        /**
         * Most bytes of records (their values) applied in one database transaction. While a transaction runs, the
         * consumer reads on, and what it reads goes into the next transaction, up to this much (then it waits): a slow
         * database gets fewer, larger transactions, each writing a bucket once however many points it gained.
         */
        @WithDefault("268435456")
        int maxTransactionBytes();

        /**
         * While records keep arriving, the least time from the start of one transaction to the start of the next: what
         * is read meanwhile goes into the next one. When no more records are waiting, a transaction starts at once.
         */
        @WithDefault("1s")
        Duration transactionInterval();

        /** Most bytes fetched per partition in one poll. */
        @WithDefault("8388608")
        int maxPartitionFetchBytes();

        /**
         * How long the broker waits for a silent consumer before giving its partitions to another: after a crash, the
         * partitions resume on another instance (or the restarted one) after at most this long.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /**
         * How long a consumer may take between two polls (one poll's reading plus the previous poll's transaction)
         * before the group gives its partitions to another; its transactions after that are fenced off.
         */
        @WithDefault("5m")
        Duration maxPollInterval();

        /** Pause after a failed transaction (database down) before the records are read again from the stored offsets. */
        @WithDefault("1s")
        Duration retryBackoff();

        /**
         * How often the consumer lag of {@code /q/metrics} is measured: each partition's end offset (asked of the
         * broker) against the offset stored in the database.
         */
        @WithDefault("15s")
        Duration lagInterval();
    }
}
