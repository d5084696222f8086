#!/usr/bin/env bash
# The simulation study behind docs/statistics.md: coverage, false "moved" rate and power of the counterfactual model
# against the naive before/after baseline, on seeded synthetic series. Deterministic; about a minute on 2 cores.
# Arguments (optional): [null series per arm] [series per arm and effect size] [series per robustness check]
# The last line is machine-readable: RESULT coverage=... fpr=... power_at_2pct=... baseline_fpr=...
set -euo pipefail
cd "$(dirname "$0")/../.."
exec ./mvnw -B -q -pl services/attribution test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.whatmoved.attribution.bench.SimulationStudy \
  -Dexec.args="$*"
