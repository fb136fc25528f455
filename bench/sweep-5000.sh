#!/usr/bin/env bash
# The cost of one token sweep pass (ProcessInspector.processesWithEnvironmentEntry: every
# /proc/PID/environ read) on a busy host: first with the processes the machine has, then with
# COUNT (default 5000) extra `sleep` processes started in their own process group, which are
# killed by that group afterwards (and on any exit of this script). Prints one line per case.
# Usage: bench/sweep-5000.sh [COUNT=5000] [RUNS=7]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
count="${1:-5000}"
runs="${2:-7}"
if [[ ! -f vigil/target/vigil.jar ]]; then
  ./mvnw -B -ntp -q -pl vigil -am package -DskipTests
fi
timing=("$java" --enable-native-access=ALL-UNNAMED -cp vigil/target/vigil.jar bench/sweep/SweepTiming.java "$runs")

echo "baseline: $("${timing[@]}")"

# One new session and group holds every sleep; the script only ever kills that group.
setsid bash -c 'for ((i = 0; i < '"$count"'; i++)); do sleep 600 & done; wait' </dev/null >/dev/null 2>&1 &
leader=$!
cleanup() { kill -KILL -- "-$leader" 2>/dev/null || true; wait "$leader" 2>/dev/null || true; }
trap cleanup EXIT
# Wait until the group holds them all (bounded: 120 s).
for ((t = 0; t < 1200; t++)); do
  n=$(pgrep -g "$leader" -c sleep || true)
  [[ "$n" -ge "$count" ]] && break
  sleep 0.1
done
echo "sleeps in group $leader: $(pgrep -g "$leader" -c sleep || true)"
echo "with $count extra: $("${timing[@]}")"
cleanup
trap - EXIT
for ((t = 0; t < 300; t++)); do
  [[ "$(pgrep -g "$leader" -c || true)" -eq 0 ]] && break
  sleep 0.1
done
echo "after the group kill: $(pgrep -g "$leader" -c || true) left in group $leader"
