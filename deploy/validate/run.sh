#!/usr/bin/env bash
# Validates the deployment artefacts offline, in seconds (no Docker engine, no Kubernetes cluster needed):
#
#   1. docker-compose config: docker-compose.yml is valid Compose;
#   2. kubectl kustomize: deploy/k8s/base and every overlay build;
#   3. deploy/validate/check.py: what neither tool checks (COPY sources of each Dockerfile exist in the packaged
#      service, probes, resources, scrape annotations, env vars as the embedded launcher sets them, topics as in
#      services/events Topics.java, references to ConfigMaps and Secrets; the Grafana dashboard deploy/grafana is valid
#      JSON whose panels query only metrics of deploy/grafana/metrics.txt);
#   4. a self-test: a broken compose file, a broken kustomization and a Dockerfile copying a missing path must each
#      make the checks above fail.
#
# Run after packaging (./mvnw -B package, or the CI's verify): the Dockerfiles copy target/quarkus-app. Installs
# Debian's docker-compose package if neither docker-compose nor "docker compose" is there. Exits non-zero on any
# failure, naming it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

say() { echo "deploy/validate: $*"; }
fail() { echo "deploy/validate: FAILED: $*" >&2; exit 1; }

# --- tools ---------------------------------------------------------------------------------------------------------
compose() {
  if command -v docker-compose >/dev/null 2>&1; then
    docker-compose "$@"
  else
    docker compose "$@"
  fi
}

have_compose() {
  command -v docker-compose >/dev/null 2>&1 && return 0
  command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1
}

if ! have_compose; then
  say "docker-compose is missing; installing Debian's docker-compose package (it validates without an engine) ..."
  sudo_cmd=()
  [[ $(id -u) == 0 ]] || sudo_cmd=(sudo -n)
  apt_get=("${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  if ! { "${apt_get[@]}" update -qq && "${apt_get[@]}" install -y -qq docker-compose; } \
      >/tmp/whatmoved-validate-apt.log 2>&1; then
    tail -n 20 /tmp/whatmoved-validate-apt.log >&2 || true
    fail "could not install docker-compose with apt-get (log above, whole log in /tmp/whatmoved-validate-apt.log);" \
      "install it (apt-get install docker-compose) or the Docker Compose plugin and run again"
  fi
  have_compose || fail "docker-compose was installed but cannot be run"
fi
command -v kubectl >/dev/null 2>&1 \
  || fail "kubectl is missing (its kustomize, v4 or later, builds deploy/k8s offline): install kubectl"
# check.py needs PyYAML: the first python3 on the PATH may be another than Debian's, which docker-compose brings with
# python3-yaml.
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[[ -n $python ]] || fail "no python3 with the yaml module (check.py needs it): apt-get install python3-yaml"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- 1. compose ----------------------------------------------------------------------------------------------------
# The committed defaults are what is checked: the caller's settings for the interpolated variables are dropped.
if ! (unset WHATMOVED_DATA_DIR WHATMOVED_DB_USER WHATMOVED_DB_PASSWORD WHATMOVED_IMAGE_TAG
      compose -f docker-compose.yml config) >"$work/compose.yml" 2>"$work/compose.err"; then
  cat "$work/compose.err" >&2
  fail "docker-compose config rejected docker-compose.yml"
fi
say "docker-compose config: docker-compose.yml is valid ($(compose version --short 2>/dev/null || echo '?'))"

# --- 2. kustomize --------------------------------------------------------------------------------------------------
kustomizations=(deploy/k8s/base)
for overlay in deploy/k8s/overlays/*/; do kustomizations+=("${overlay%/}"); done
for k in "${kustomizations[@]}"; do
  out="$work/$(echo "$k" | tr / _).yaml"
  if ! kubectl kustomize "$k" >"$out" 2>"$work/kustomize.err"; then
    cat "$work/kustomize.err" >&2
    fail "kubectl kustomize $k failed"
  fi
  say "kubectl kustomize $k: $(grep -c '^kind:' "$out") resources"
done

# --- 3. structural checks ------------------------------------------------------------------------------------------
"$python" deploy/validate/check.py --root "$ROOT" --compose "$work/compose.yml" \
  --k8s-base "$work/deploy_k8s_base.yaml" \
  $(for k in "${kustomizations[@]:1}"; do echo --k8s-overlay "$work/$(echo "$k" | tr / _).yaml"; done) \
  || fail "deploy/validate/check.py found problems (listed above)"

# --- 4. self-test: each check must be able to fail -----------------------------------------------------------------
selftest() {
  local t="$work/selftest"
  mkdir -p "$t"
  # A compose file with an unknown service key.
  sed 's/^    stop_grace_period: 20s$/    stop_grace_periood: 20s/' docker-compose.yml >"$t/docker-compose.yml"
  cmp -s docker-compose.yml "$t/docker-compose.yml" && fail "self-test: could not break the compose file"
  if (cd "$t" && compose -f docker-compose.yml config -q) >/dev/null 2>&1; then
    fail "self-test: docker-compose config accepted a compose file with an unknown key"
  fi
  # A kustomization naming a resource that does not exist, and one with invalid YAML.
  cp -r deploy/k8s "$t/k8s"
  echo "  - missing.yaml" >>"$t/k8s/base/kustomization.yaml"
  kubectl kustomize "$t/k8s/base" >/dev/null 2>&1 && fail "self-test: kustomize accepted a missing resource"
  cp deploy/k8s/base/kustomization.yaml "$t/k8s/base/kustomization.yaml"
  printf 'spec:\n  replicas: [2\n' >>"$t/k8s/base/features.yaml"
  kubectl kustomize "$t/k8s/base" >/dev/null 2>&1 && fail "self-test: kustomize accepted invalid YAML"
  # A Dockerfile copying a path that the package does not have.
  mkdir -p "$t/services/demo/src/main/docker" "$t/services/demo/target/quarkus-app"
  printf 'FROM scratch\nCOPY --chown=185 target/quarkus-app/lib/ /deployments/lib/\n' \
    >"$t/services/demo/src/main/docker/Dockerfile.jvm"
  "$python" deploy/validate/check.py --root "$t" --dockerfiles-only >/dev/null 2>&1 \
    && fail "self-test: a Dockerfile COPY of a missing path passed"
  # A dashboard panel querying a metric no service exposes (not in deploy/grafana/metrics.txt), and broken JSON.
  mkdir -p "$t/deploy/grafana"
  cp deploy/grafana/metrics.txt "$t/deploy/grafana/"
  sed 's/whatmoved_points_consumer_lag/whatmoved_points_consumer_lagg/' deploy/grafana/whatmoved.json \
    >"$t/deploy/grafana/whatmoved.json"
  cmp -s deploy/grafana/whatmoved.json "$t/deploy/grafana/whatmoved.json" && fail "self-test: could not break the dashboard"
  "$python" deploy/validate/check.py --root "$t" --dashboard-only >/dev/null 2>&1 \
    && fail "self-test: a dashboard querying an unlisted metric passed"
  head -c 200 deploy/grafana/whatmoved.json >"$t/deploy/grafana/whatmoved.json"
  "$python" deploy/validate/check.py --root "$t" --dashboard-only >/dev/null 2>&1 \
    && fail "self-test: a dashboard that is not valid JSON passed"
  "$python" deploy/validate/check.py --root "$ROOT" --dashboard-only \
    || fail "self-test: the committed dashboard fails the check on its own"
  return 0
}
selftest
say "self-test: a broken compose file, kustomization, Dockerfile COPY and Grafana dashboard are each caught"
say "all checks passed"
# The plain summary line CI reads: compose config, each kustomize build, check.py, the self-test.
echo "validate: $(( ${#kustomizations[@]} + 3 )) passed, 0 failed"
