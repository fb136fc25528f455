#!/usr/bin/env bash
# Listener latency, macro: a separate load process probes the liveness port and the application's
# own /health of the liveness-service fixture, (a) idle, (b) application saturated with the main
# thread in repeated 3 s spins under the application lock, (c) as (b) with the other core busy too.
# Loopback only, bounded: COUNT probes per endpoint at INTERVAL, each with TIMEOUT.
# Usage: bench/listener-latency.sh [GC flag, default -XX:+UseG1GC]
# Needs: ./mvnw -pl vigil-fixtures -am package -DskipTests
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=vigil-fixtures/target/vigil-fixtures.jar
GC="${1:--XX:+UseG1GC}"
COUNT="${COUNT:-1000}"; INTERVAL="${INTERVAL:-5ms}"; TIMEOUT="${TIMEOUT:-1s}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

run() { # $1 = scenario label, rest = extra service args
  local label="$1"; shift
  local out; out="$(mktemp)"
  "$JAVA" "$GC" -Xlog:gc:file="$out.gc" -jar "$JAR" liveness-service --app-port 0 --health-port 0 --app-threads 2 "$@" >"$out" 2>/dev/null &
  local svc=$!; pids+=("$svc")
  for _ in $(seq 100); do grep -q health-port "$out" && break; read -rt 0.1 <> <(:) || true; done
  local app health
  app="$(grep -o 'app-port=[0-9]*' "$out" | cut -d= -f2)"; health="$(grep -o 'health-port=[0-9]*' "$out" | cut -d= -f2)"
  "$JAVA" -jar "$JAR" probe-load --port "$health" --path /livez --count "$COUNT" --interval "$INTERVAL" --timeout "$TIMEOUT" --label "$label liveness /livez"
  "$JAVA" -jar "$JAR" probe-load --port "$app" --path /health --count "$((COUNT / 10))" --interval "$INTERVAL" --timeout "$TIMEOUT" --label "$label app /health"
  kill -9 "$svc"; wait "$svc" 2>/dev/null || true
  echo "$label GC pauses: $(grep -c 'Pause' "$out.gc" || true) ($(grep -o '[0-9.]*ms$' "$out.gc" | sort -n | tail -1) max)"
  rm -f "$out" "$out.gc"
}

echo "# $(date -u +%F) $(nproc) cores, $GC, COUNT=$COUNT INTERVAL=$INTERVAL TIMEOUT=$TIMEOUT"
run "(a) idle"
run "(b) saturated" --saturate --spin 3s
"$JAVA" -cp "$JAR" dev.vigil.fixtures.LivenessService --app-port 0 --health-port 0 --saturate --spin 3s >/dev/null 2>&1 &
pids+=($!)  # (c): a second saturated JVM keeps the other core busy
run "(c) saturated + other core" --saturate --spin 3s
