#!/usr/bin/env bash
# Installs Debian's headless browser for the console's browser tests (deploy/local ConsoleBrowserIT), unless present:
# chromium and the chromedriver of the same version. Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && [[ -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$(basename "$0"): no apt-get on this machine: install chromium and chromium-driver (chromedriver at /usr/bin/chromedriver) with its package manager, then run the build again" >&2
  exit 1
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then
  SUDO="sudo"
fi
echo "install-browser: installing chromium and chromium-driver (Debian packages) ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
chromium --version
chromedriver --version
