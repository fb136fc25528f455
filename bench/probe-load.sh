#!/usr/bin/env bash
# Macro benchmark of the probe scheduler: 1,000 HTTP probes per second against a few loopback
# fixture servers for 30 s; prints the prober's CPU and the p99 scheduling lateness.
# Usage: bench/probe-load.sh [SERVERS=4] [extra ProbeLoad args, e.g. --probes 1000 --seconds 30]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
servers="${1:-4}"; shift || true
if [[ ! -f vigil-fixtures/target/vigil-fixtures.jar || ! -f bench/target/benchmarks.jar ]]; then
  ./mvnw -B -ntp -q -pl bench,vigil-fixtures -am package -DskipTests
fi
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
ports=()
for ((i = 0; i < servers; i++)); do
  out="$(mktemp)"
  "$java" -XX:+UseSerialGC -jar vigil-fixtures/target/vigil-fixtures.jar http-server --port 0 >"$out" &
  pids+=("$!")
  for _ in $(seq 100); do grep -q '^listening on ' "$out" && break; sleep 0.1; done
  ports+=("$(sed -n 's/^listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$out")")
  rm -f "$out"
done
IFS=, ; port_list="${ports[*]}"; unset IFS
echo "servers: $port_list; machine: $(nproc) cores, $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ)"
"$java" ${PROBE_LOAD_JAVA_OPTS:-} -cp bench/target/benchmarks.jar dev.vigil.bench.ProbeLoad --ports "$port_list" "$@"
