#!/usr/bin/env bash
# Ingestion benchmark of the metrics service (docs/performance.md). Not a test: it measures.
# On this machine: a real PostgreSQL and Kafka broker (the embedded platform, in the benchmark's JVM) and the packaged
# metrics service as its own process. whatmoved.metric-points gets production's 12 partitions. Six rounds of 5,000,000
# points (2,000 series), each produced in one Kafka transaction and timed from its commit until every point is in
# durable rollups: the first three warm the service up (then it waits until the service has announced their buckets),
# the other three are measured. Then NDJSON over HTTP (1,000,000 points to warm up, 1,000,000 measured), then a bare
# Kafka consumer reads the same records (the reference rate, over the same measured rounds).
# Settings (system properties through BENCH_OPTS), e.g. BENCH_OPTS="-Dpoints=1000000 -DhttpPoints=200000":
#   points (5000000 per round), rounds (3 measured), warmupRounds (3), batch (1000 points per record), partitions (12),
#   httpPoints (1000000), httpWarmupPoints (1000000), httpClients (16), serviceOpts (service JVM options, "-Xmx1g"),
#   consumers (the service's Kafka consumers, WHATMOVED_METRICS_KAFKA_CONSUMERS), jfr (a file for a JFR profile of the service).
# The last line is machine-readable: RESULT points_per_s=... bare_per_s=... ratio=... http_points_per_s=... peak_rss_mb=...
#   first_round_points_per_s=... first_round_ratio=... (the warm-up round: a freshly started service)
set -euo pipefail
cd "$(dirname "$0")/../../.."
./mvnw -B -q -pl services/metrics package -DskipTests
exec ./mvnw -B -q -pl services/metrics test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.whatmoved.metrics.bench.IngestBench \
  -Dexec.cleanupDaemonThreads=false \
  -DserviceJar="$PWD/services/metrics/target/quarkus-app/quarkus-run.jar" \
  ${BENCH_OPTS:-}
