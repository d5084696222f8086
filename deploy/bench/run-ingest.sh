#!/usr/bin/env bash
# ./whatmoved bench ingest: the metrics ingestion benchmark (docs/performance.md). Last line:
# RESULT points_per_s=... bare_per_s=... ratio=... http_points_per_s=... peak_rss_mb=...
set -euo pipefail
exec "$(dirname "$0")/ingest/run.sh" "$@"
