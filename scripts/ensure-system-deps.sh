#!/usr/bin/env bash
# Installs the Debian packages the tests need, once: a no-op when they are already there.
#   chromium                 the browser e2e and render benchmarks
#   prometheus               promtool and the live alerting tests
#   prometheus-alertmanager  the end-to-end alert latency measurement
#   mariadb-server           the production store back end's test suite
#   redis-server             the scale-out bus's test suite
#   g++ make python3         only when the optional native module sockopt (the server's cap on each
#                            connection's send buffer) did not build at npm install: npm then leaves
#                            it out without a word, so it is installed again here once they are there
# Tests start their own servers on loopback ports in temporary directories; the packages' own
# services are never used (and do not start without systemd anyway).
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v prometheus-alertmanager >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
[ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
sockopt_loads() { node -e "require('sockopt')" >/dev/null 2>&1; }
if ! sockopt_loads; then
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
  command -v make >/dev/null 2>&1 || missing+=(make)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-system-deps: installing ${missing[*]} from Debian" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! sockopt_loads; then
  version=$(node -p "require('./package.json').optionalDependencies.sockopt")
  echo "ensure-system-deps: building the optional native module sockopt@$version" >&2
  npm install --no-save --no-audit --no-fund "sockopt@$version" >&2
  sockopt_loads || { echo "ensure-system-deps: sockopt@$version still does not load (see npm's output above)" >&2; exit 1; }
fi
