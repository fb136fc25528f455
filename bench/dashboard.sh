#!/usr/bin/env bash
# The dashboard against a real daemon (bin/vigil's daemon JVM flags) with N services that are not
# started plus CRASHERS services in a crash loop (a steady flow of changes and events):
#   1. time to first render: RUNS fresh Chromium pages (dev.vigil.web.DashboardRenderBench), each
#      the ms from navigation start until all services are on screen,
#   2. SSE fan-out: the daemon's CPU (utime+stime from /proc) over PERIOD s with no stream client,
#      then with CLIENTS curl clients reading /api/v1/stream,
#   3. probe lateness over the same two periods (PROBED services with a tcp probe every second; the
#      daemon's vigil_probe_lateness_seconds histogram scraped from /metrics at each period's start
#      and end, read by bench/probe-lateness.py).
#   The first render is the cold one (the daemon's and the browser's first); the others are warm.
#
#   bench/dashboard.sh                          # N=500 CRASHERS=10 PROBED=20 RUNS=5 CLIENTS=20 PERIOD=30
#
# Figures go in docs/benchmarks/http.md. Everything lives in a fresh /tmp dir, removed on exit; the
# daemon is stopped with SIGTERM, the curl clients by their PIDs.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${N:-500}"; crashers="${CRASHERS:-10}"; probed="${PROBED:-20}"; runs="${RUNS:-5}"; clients="${CLIENTS:-20}"; period="${PERIOD:-30}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
cd "$here"
./mvnw -B -ntp -q -pl vigil -am test-compile >/dev/null
[ -f vigil/target/vigil.jar ] || bin/vigil build
work="$(mktemp -d /tmp/vigil-dashboard-bench.XXXXXX)"
daemon_pid=""; curl_pids=()
cleanup() {
  for p in "${curl_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  if [ -n "$daemon_pid" ]; then kill -TERM "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
./mvnw -B -ntp -q -pl vigil -am dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
{
  printf '[http]\nlisten = "127.0.0.1:%s"\n\n' "$port"
  for i in $(seq -w 1 "$n"); do printf '[services.svc-%s]\ncommand = ["/bin/sleep", "600"]\nautostart = false\n\n' "$i"; done
  for i in $(seq 1 "$probed"); do
    printf '[services.probed-%s]\ncommand = ["/bin/sleep", "600"]\n[services.probed-%s.probes.port]\nkind = "tcp"\naddress = "127.0.0.1:%s"\ninterval = "1s"\ntimeout = "500ms"\n\n' "$i" "$i" "$port"
  done
  for i in $(seq 1 "$crashers"); do
    printf '[services.crash-%s]\ncommand = ["/bin/sh", "-c", "sleep 1; exit 1"]\nmax_restarts = 1000\n[services.crash-%s.backoff]\ninitial = "500ms"\nmax = "1s"\n\n' "$i" "$i"
  done
} > "$work/vigil.toml"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms16m -Xmx128m -Xss512k \
  -jar vigil/target/vigil.jar daemon --config "$work/vigil.toml" --state-dir "$work/state" >"$work/out" 2>"$work/err" &
daemon_pid=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 1; done
echo "date: $(date -u)  load: $(cut -d' ' -f1-3 /proc/loadavg)  services: $n stopped + $crashers crash-looping + $probed probed"

PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$JAVA_HOME/bin/java" -cp "vigil/target/test-classes:vigil/target/classes:$(cat "$work/cp")" \
  dev.vigil.web.DashboardRenderBench "http://127.0.0.1:$port" "$((n + crashers + probed))" "$runs"

ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
hz="$(getconf CLK_TCK)"
cpu() { # % of one core over $period seconds
  local a b; a="$(ticks)"; sleep "$period"; b="$(ticks)"
  awk -v d="$((b - a))" -v hz="$hz" -v p="$period" 'BEGIN { printf "%.1f", 100 * d / hz / p }'
}
scrape() { curl -sf "http://127.0.0.1:$port/metrics" >"$work/$1"; }
phase() { # $1 = clients: the daemon's CPU and the probe lateness over the same $period s
  scrape "lateness-$1-0.txt"
  echo "daemon cpu, $1 stream clients: $(cpu) % of a core over ${period}s"
  scrape "lateness-$1-1.txt"
  echo "probe lateness, $1 stream clients: $(bench/probe-lateness.py "$work/lateness-$1-0.txt" "$work/lateness-$1-1.txt")"
}
phase 0
for _ in $(seq 1 "$clients"); do
  curl -sN "http://127.0.0.1:$port/api/v1/stream" >/dev/null 2>&1 &
  curl_pids+=("$!")
done
phase "$clients"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
