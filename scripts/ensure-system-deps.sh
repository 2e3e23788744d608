#!/usr/bin/env bash
# Installs the Debian packages the tests need, once: a no-op when they are already there.
#   chromium                 the browser e2e and render benchmarks
#   prometheus               promtool and the live alerting tests
#   prometheus-alertmanager  the end-to-end alert latency measurement
#   mariadb-server           the production store back end's test suite
#   redis-server             the scale-out bus's test suite
# Tests start their own servers on loopback ports in temporary directories; the packages' own
# services are never used (and do not start without systemd anyway).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "ensure-system-deps: installing ${missing[*]} from Debian" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
