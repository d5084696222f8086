#!/usr/bin/env bash
# ./whatmoved bench pipeline: the whole pipeline at a team's scale (docs/performance.md, "The whole pipeline"). On this
# machine: a real PostgreSQL and KRaft broker and the five packaged services as processes. A year of hourly history
# for 1,000 metrics (2 dimensions, 10 combinations) and 500 releases with predictions go in through the import APIs;
# then a live phase streams points while releases arrive; then each service is started alone.
# Settings (system properties through BENCH_OPTS), e.g. BENCH_OPTS="-Dmetrics=50 -Ddays=120 -Dreleases=40":
#   metrics (1000), days (365), releases (500), concurrency (2 imports at a time), liveSeconds (120),
#   liveReleases (20), liveLeadSeconds (45), settleMinutes (60), alone (true).
# WHATMOVED_BENCH_NO_BUILD=1 skips packaging. The last line is machine-readable:
# RESULT import_points_per_s=... rollup_events_per_s=... outcomes_per_s=... backlog_drained_s=...
#   live_outcome_latency_s=... peak_rss_mb=... (and more)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${WHATMOVED_BENCH_NO_BUILD:-0}" =~ ^(0|false|no)$ ]]; then
  ./mvnw -B -q -DskipTests package \
    -pl services/features,services/metrics,services/attribution,services/notify,services/console,deploy/local -am
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# shellcheck disable=SC2086
exec "$JAVA" ${BENCH_OPTS:-} -Dwhatmoved.home="$PWD" \
  -cp "deploy/local/target/classes:deploy/local/target/lib/*" dev.whatmoved.local.scale.PipelineBench
