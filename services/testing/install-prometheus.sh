#!/usr/bin/env bash
# Installs Debian's Prometheus server (and promtool, in the same package) for the metrics service's Prometheus pull
# tests (dev.whatmoved.testing.PrometheusServer), unless present. Idempotent; needs root (or sudo) only when something
# is missing. Only the binaries are used: the package's own service is neither enabled nor started by the tests.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$(basename "$0"): no apt-get on this machine: install prometheus and promtool with its package manager, then run the build again" >&2
  exit 1
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  SUDO="sudo"
fi
echo "install-prometheus: installing prometheus (Debian package) ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
prometheus --version | head -1
# The package enables and starts its own server on :9090 where systemd runs; the build wanted the binaries only.
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
