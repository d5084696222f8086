#!/usr/bin/env bash
# ./whatmoved bench rollup-intake: how fast attribution takes rollup events, against metrics' announcement rate and a
# bare Kafka consumer measured in the same run (docs/performance.md, "Rollup events into attribution"). On this machine:
# a real PostgreSQL and KRaft broker and the packaged metrics and attribution services as processes.
# Settings (system properties through BENCH_OPTS), e.g. BENCH_OPTS="-Dmetrics=50 -Ddays=30":
#   metrics (100), days (60 of hourly history), pointsPerHour (20 per metric), before (the quarkus-run.jar of an earlier
#   attribution build, measured first as the baseline), beforeSeconds (40).
# WHATMOVED_BENCH_NO_BUILD=1 skips packaging. The last line is machine-readable:
# RESULT attribution_events_per_s=... announced_events_per_s=... ratio_to_announced=... bare_events_per_s=...
#   ratio_to_bare=... before_events_per_s=... speedup=... events=... exact=...
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${WHATMOVED_BENCH_NO_BUILD:-0}" =~ ^(0|false|no)$ ]]; then
  ./mvnw -B -q -DskipTests package -pl services/features,services/metrics,services/attribution,deploy/local -am
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_OPTS:-} -Dwhatmoved.home="$PWD" \
  -cp "deploy/local/target/classes:deploy/local/target/lib/*" dev.whatmoved.local.scale.RollupIntakeBench
