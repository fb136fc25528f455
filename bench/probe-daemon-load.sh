#!/usr/bin/env bash
# Macro benchmark of probing inside the real daemon: SERVICES http-server fixtures on loopback TCP,
# each a service with PROBES/SERVICES HTTP probes (interval 1 s, timeout 500 ms, start_grace spread
# over one second so rounds are evenly phased): PROBES rounds per second. After WARMUP s, measures the
# daemon's CPU (utime + stime from /proc/PID/stat) over SECONDS s as % of one core, and counts
# probe_failed lines (each is a round that did not answer in time or at all), and how late the rounds
# started (vigil_probe_lateness_seconds from the daemon's /metrics at both ends of the window: [http]
# is on, on a free loopback port, scraped only those two times).
# Usage: bench/probe-daemon-load.sh [PROBES=1000] [SERVICES=4] [WARMUP=10] [SECONDS=30]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
probes="${1:-1000}"; services="${2:-4}"; warmup="${3:-10}"; window="${4:-30}"
if [[ ! -f vigil/target/vigil.jar || ! -f vigil-fixtures/target/vigil-fixtures.jar ]]; then
  ./mvnw -B -ntp -q -pl vigil -am package -DskipTests
fi
work="$(mktemp -d)"
http_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 - "$work/vigil.toml" "$java" "$here/vigil-fixtures/target/vigil-fixtures.jar" "$probes" "$services" "$http_port" <<'PY'
import socket, sys
out, java, jar, probes, services = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ports = []
for _ in range(services):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); ports.append(s.getsockname()[1]); s.close()
lines = ["[daemon]", "probe_restart_budget = 0", "", "[http]", f'listen = "127.0.0.1:{sys.argv[6]}"', ""]
for k, port in enumerate(ports):
    name = f"load{k}"
    lines += [f"[services.{name}]",
              f'command = ["{java}", "-XX:+UseSerialGC", "-jar", "{jar}", "http-server", "--port", "{port}"]',
              'on_degraded = "warn"', ""]
    for i in range(k, probes, services):
        lines += [f"[services.{name}.probes.p{i}]", 'kind = "http"', f'url = "http://127.0.0.1:{port}/health"',
                  'interval = "1s"', 'timeout = "500ms"', f'start_grace = "{1000 + i * 1000 // probes}ms"', ""]
open(out, "w").write("\n".join(lines))
PY
"$java" ${DAEMON_JAVA_OPTS:-} -jar vigil/target/vigil.jar daemon --config "$work/vigil.toml" --state-dir "$work/state" \
  >"$work/daemon.log" 2>"$work/daemon.err" &
daemon=$!
cleanup() { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "daemon: $probes probes/s over $services services; JVM opts: ${DAEMON_JAVA_OPTS:-default}"
sleep "$warmup"
ticks() { awk '{print $14 + $15}' "/proc/$daemon/stat"; }
uticks() { awk '{print $14}' "/proc/$daemon/stat"; }
hz=$(getconf CLK_TCK)
failed0=$(grep -c '"event":"probe_failed"' "$work/daemon.log" || true)
metrics() { curl -sf "http://127.0.0.1:$http_port/metrics"; }
for _ in $(seq 600); do metrics >/dev/null && break; sleep 0.1; done   # a loaded machine starts the daemon slowly
metrics > "$work/lateness-0.txt" || { echo "the daemon's /metrics did not answer within 60 s" >&2; cat "$work/daemon.err" >&2; exit 1; }
t0=$(ticks); u0=$(uticks); s0=$(date +%s.%N)
sleep "$window"
t1=$(ticks); u1=$(uticks); s1=$(date +%s.%N)
metrics > "$work/lateness-1.txt"
failed1=$(grep -c '"event":"probe_failed"' "$work/daemon.log" || true)
python3 -c "print(f'daemon CPU over {float($s1)-float($s0):.1f} s: {100.0 * ($t1 - $t0) / $hz / (float($s1) - float($s0)):.1f} % of one core (user {100.0 * ($u1 - $u0) / $hz / (float($s1) - float($s0)):.1f} %); probe_failed lines in the window: {$failed1 - $failed0}')"
echo "probe lateness over the window: $(bench/probe-lateness.py "$work/lateness-0.txt" "$work/lateness-1.txt")"
