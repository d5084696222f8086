#!/usr/bin/env bash
# The simulation study behind docs/statistics.md: coverage of the true average effect, false "moved" rate, power and
# interval width of the counterfactual model on every kind of series product metrics are (trend + weekly + AR(1) with
# and without a control, multiplicative growth, long horizons, wandering levels, a yearly cycle, the six looks of one
# release, hourly 1-day checkpoints, promotion spikes, leaky controls, rates near a bound, low counts, heavy tails,
# missing days, level shifts; see SimulationKinds), against the naive before/after baseline. Seeded, deterministic,
# parallel over the cores; the full run takes about 5 minutes on 2 idle cores.
# Arguments (optional): --quick (a tenth of the series), --scale X, --kinds a,b,c, --nulls N, --per-effect N,
#   --dump FILE (every series with its truth and the model's intervals, JSON lines, for run-statsmodels.sh)
# The last line is machine-readable: RESULT <kind>_coverage=... <kind>_fpr=... <kind>_power<pct>=... looks_fwer=...
#   coverage=... fpr=... power_at_2pct=... baseline_fpr=... (the last four: today's design, as before)
set -euo pipefail
cd "$(dirname "$0")/../.."
# attribution's sibling modules (events, kit, testing) must be in the local repository for -pl to resolve them: when
# the test classes do not compile against what is installed, they are built and installed first (quietly, no tests)
if ! ./mvnw -B -q -o -pl services/attribution test-compile >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests -pl services/attribution -am install
fi
exec ./mvnw -B -q -pl services/attribution test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.whatmoved.attribution.bench.SimulationStudy \
  -Dexec.args="$*"
