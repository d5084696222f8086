#!/usr/bin/env bash
# Throughput of the counterfactual analysis on 90-day daily windows with 2 controls, on every core, after a warm-up,
# against the naive before/after baseline on the same windows.
# Arguments (optional): [seconds to measure, default 10] [threads, default all cores]
# The last line is machine-readable: RESULT analyses_per_s=... baseline_per_s=... ratio=...
set -euo pipefail
cd "$(dirname "$0")/../.."
# attribution's sibling modules (events, kit, testing) must be in the local repository for -pl to resolve them: when
# the test classes do not compile against what is installed (a fresh clone), they are built and installed first
# (quietly, no tests), as in run-simulation.sh
if ! ./mvnw -B -q -o -pl services/attribution test-compile >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests -pl services/attribution -am install
fi
exec ./mvnw -B -q -pl services/attribution test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.whatmoved.attribution.bench.ThroughputBench \
  -Dexec.args="$*"
