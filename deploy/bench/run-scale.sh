#!/usr/bin/env bash
# ./whatmoved bench scale: the scale-out proof (docs/operations.md, "Scale-out proof"). On this machine: a real
# PostgreSQL and KRaft broker, the packaged services as processes (features x1, metrics x2, attribution x2 in the same
# consumer groups). Times the same ingest with one and with two metrics instances, then streams points while releases
# are posted and one metrics and one attribution instance are killed with SIGKILL and restarted; afterwards every
# rollup bucket must be exact and every due outcome must exist exactly once. Exits 1 otherwise.
# Settings (system properties through BENCH_OPTS), e.g. BENCH_OPTS="-Dpoints=1000000 -DchaosSeconds=30":
#   points (2000000 per throughput phase), chaosPoints (2000000), chaosSeconds (40), batch (1000), chaosMetrics (4),
#   historyDays (60), jobEvery (2s), announceInterval (3s), settleSeconds (600), keep (false).
# WHATMOVED_BENCH_NO_BUILD=1 skips packaging. The last line is machine-readable:
# RESULT one_instance_points_per_s=... two_instances_points_per_s=... ratio=... rollups_exact=... outcomes_exactly_once=...
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${WHATMOVED_BENCH_NO_BUILD:-0}" =~ ^(0|false|no)$ ]]; then
  # one reactor build with the upstream modules (-am): it resolves the siblings itself, so a fresh clone needs no
  # install first (the launcher's classpath is deploy/local/target, not the local repository)
  ./mvnw -B -q -DskipTests package -pl services/features,services/metrics,services/attribution,deploy/local -am
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_OPTS:-} -Dwhatmoved.home="$PWD" \
  -cp "deploy/local/target/classes:deploy/local/target/lib/*" dev.whatmoved.local.scale.ScaleBench
