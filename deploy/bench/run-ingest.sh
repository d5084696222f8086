#!/usr/bin/env bash
# ./whatmoved bench ingest: the metrics ingestion benchmark (docs/performance.md). Last line:
# RESULT points_per_s=... bare_per_s=... ratio=... http_points_per_s=... peak_rss_mb=...
set -euo pipefail
cd "$(dirname "$0")/../.."
# metrics' upstream modules (the parent pom, events, kit, testing) must be in the local repository for the benchmark's
# -pl builds to resolve them: on a fresh clone they are built and installed first (quietly, no tests; metrics itself is
# left out: the benchmark packages it)
./mvnw -B -q -DskipTests -pl 'services/metrics,!services/metrics' -am install
exec deploy/bench/ingest/run.sh "$@"
