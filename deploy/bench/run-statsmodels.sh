#!/usr/bin/env bash
# statsmodels' UnobservedComponents side by side with whatmoved's model on the simulation study's series (not in CI).
# The Java study generates and analyses a subset (by default 100 null series and 50 per effect size for every kind,
# about 200 a kind) and dumps them; deploy/bench/statsmodels/uc_compare.py fits UC to the same series and prints per
# kind coverage, false "moved" and power of both, and the ratio of the model's power to UC's.
# Needs Debian's python3-statsmodels (apt-get install -y python3-statsmodels), run with /usr/bin/python3.
# Arguments (optional): passed to the study, e.g. --nulls 40 --per-effect 20 --kinds trend,growth
# About 2 minutes for the study and 15 for UC (about 0.4 s a series) on 2 loaded cores.
# Output: target/statsmodels/{java.txt,sim-series.jsonl,uc.txt,uc-results.jsonl}; last line RESULT uc_<kind>_... ratio_...
set -euo pipefail
cd "$(dirname "$0")/../.."
# attribution's sibling modules (events, kit, testing) must be in the local repository for -pl to resolve them: when
# the test classes do not compile against what is installed, they are built and installed first (quietly, no tests)
if ! ./mvnw -B -q -o -pl services/attribution test-compile >/dev/null 2>&1; then
  ./mvnw -B -q -DskipTests -pl services/attribution -am install
fi
PY=/usr/bin/python3
if ! "$PY" -c 'import statsmodels' 2>/dev/null; then
  echo "needs statsmodels for $PY: apt-get install -y python3-statsmodels" >&2
  exit 2
fi
out="$PWD/target/statsmodels"
mkdir -p "$out"
started=$(date +%s)
./mvnw -B -q -pl services/attribution test-compile exec:java \
  -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.whatmoved.attribution.bench.SimulationStudy \
  -Dexec.args="--nulls 100 --per-effect 50 $* --dump $out/sim-series.jsonl" | tee "$out/java.txt"
java_done=$(date +%s)
"$PY" deploy/bench/statsmodels/uc_compare.py "$out/sim-series.jsonl" --workers "$(nproc)" \
  --out "$out/uc-results.jsonl" | tee "$out/uc.txt"
echo "java study $((java_done - started)) s, statsmodels $(( $(date +%s) - java_done )) s"
