#!/usr/bin/env bash
# Liveness under saturation from inside the JVM (issue 17): StallScene's main thread beats a 1 s
# heartbeat, then spins 5 s without beating, while 3 more threads spin and allocate 4 KiB arrays
# (-Xmx256m); LivezPoller polls /livez at 50 req/s from another process (new loopback connection per
# request, 1 s timeout). Per GC and per scheduling priority: p50/p99/max, timeouts, and the red delay
# (first 503 seen minus the instant the stall began; the poll period, 20 ms, is its resolution).
# Usage: bench/liveness-saturation.sh [GC names, default "G1 Z Shenandoah"]; PRIORITIES="unchanged nice:-10 rr:10"
#        POLLER_PREFIX="chrt -f 50" runs the poller itself real-time (needs CAP_SYS_NICE), so that on a
#        loaded machine the figures measure the service, not the poller waiting for a core.
# Needs: ./mvnw -B -ntp -q package -DskipTests -pl bench -am (with -am: without it vigil-liveness comes from ~/.m2)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
CP=bench/target/benchmarks.jar
GCS="${1:-G1 Z Shenandoah}"
PRIORITIES="${PRIORITIES:-unchanged nice:-10 rr:10}"
STALL_AT="${STALL_AT:-3s}"; STALL="${STALL:-5s}"; SECONDS_POLLED="${SECONDS_POLLED:-10}"
scene=""
cleanup() { [[ -n "$scene" ]] && kill -9 "$scene" 2>/dev/null || true; }
trap cleanup EXIT

echo "# $(date -u '+%F %T') UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), uid $(id -u), poller prefix '${POLLER_PREFIX:-}', $("$JAVA" -version 2>&1 | sed -n 2p)"
for gc in $GCS; do
  for prio in $PRIORITIES; do
    out="$(mktemp)"
    "$JAVA" -Xmx256m "-XX:+Use${gc}GC" --enable-native-access=ALL-UNNAMED -Xlog:safepoint:file="$out.sp" -cp "$CP" dev.vigil.bench.StallScene \
        --priority "$prio" --stall-at "$STALL_AT" --stall "$STALL" >"$out" 2>"$out.err" &
    scene=$!
    for _ in $(seq 200); do grep -q '^port=' "$out" && break; read -rt 0.05 <> <(:) || true; done
    port="$(sed -n 's/^port=//p' "$out")"
    line="$(${POLLER_PREFIX:-} "$JAVA" -cp "$CP" dev.vigil.bench.LivezPoller --port "$port" --rate 50 --seconds "$SECONDS_POLLED" --label "$gc $prio")"
    kill -9 "$scene"; wait "$scene" 2>/dev/null || true; scene=""
    begin="$(sed -n 's/^stall-begin-epoch-ms=//p' "$out")"
    red="$(grep -o 'first-503-epoch-ms=-\?[0-9]*' <<<"$line" | cut -d= -f2)"
    delay="never"; [[ -n "$begin" && "$red" != "-1" ]] && delay="$((red - begin)) ms"
    obtained="$(grep -o 'obtained [^,]*' "$out.err" | sort -u | tr '\n' ';' || true)"
    # Every stop-the-world pause of the scene (GC or not), from -Xlog:safepoint: count and the longest total.
    pauses="$(grep -c 'Total: ' "$out.sp" || true)"
    maxpause="$(grep -o 'Total: [0-9]* ns' "$out.sp" | awk '{ if ($2 > m) m = $2 } END { printf "%.1fms", m / 1e6 }')"
    echo "$line red-delay=$delay safepoints=$pauses max-safepoint=$maxpause ${obtained:+warnings=$obtained}"
    rm -f "$out" "$out.err" "$out.sp"
  done
done
