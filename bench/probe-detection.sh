#!/usr/bin/env bash
# Macro benchmark of detection with the real daemon: a service probed every 1 s (failures = 3,
# timeout = 500 ms, on_degraded = restart, restart_after = 4 so DEGRADED shows before the restart,
# stop_timeout = 1s since a stopped process cannot act on SIGTERM) is SIGSTOPped; measures the time from SIGSTOP to the
# daemon's DEGRADED event, and to a new PID answering HTTP on the service's socket. TRIALS trials,
# p50 and max. Usage: bench/probe-detection.sh [TRIALS=20]
# DAEMON_JAVA_OPTS="..." adds JVM flags to the daemon (e.g. bin/vigil's daemon flags).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
trials="${1:-20}"
if [[ ! -f vigil/target/vigil.jar || ! -f vigil-fixtures/target/vigil-fixtures.jar ]]; then
  ./mvnw -B -ntp -q -pl vigil -am package -DskipTests
fi
work="$(mktemp -d)"
sock="$work/det.sock"
cat >"$work/vigil.toml" <<TOML
[daemon]
probe_restart_budget = 1000

[services.det]
command = ["$java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", "$here/vigil-fixtures/target/vigil-fixtures.jar", "http-server", "--unix", "$sock"]
max_restarts = 1000
restart_after = 4
stop_timeout = "1s"

[services.det.probes.health]
kind = "http"
unix = "$sock"
path = "/health"
interval = "1s"
timeout = "500ms"
failures = 3
start_grace = "1s"
TOML
"$java" -XX:+UseSerialGC ${DAEMON_JAVA_OPTS:-} -jar vigil/target/vigil.jar daemon --config "$work/vigil.toml" --state-dir "$work/state" \
  >"$work/daemon.log" 2>"$work/daemon.err" &
daemon=$!
cleanup() { kill -CONT $(jq -r 'select(.event=="process_started") | .pid' "$work/daemon.log" 2>/dev/null) 2>/dev/null || true
            kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; [[ -n "${KEEP:-}" ]] || rm -rf "$work"; }
trap cleanup EXIT
echo "machine: $(nproc) cores, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
python3 - "$work/daemon.log" "$sock" "$trials" <<'PY'
import json, os, signal, socket, statistics, sys, time
from datetime import datetime
log, sock, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])

def events():
    with open(log) as f:
        for line in f:
            try:
                yield json.loads(line)
            except ValueError:
                pass

def ts(e):
    return datetime.fromisoformat(e["ts"].replace("Z", "+00:00")[:26] + "+00:00").timestamp()

def answers():
    try:
        s = socket.socket(socket.AF_UNIX); s.settimeout(0.2); s.connect(sock)
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        ok = s.recv(64).startswith(b"HTTP/1.1 200"); s.close(); return ok
    except OSError:
        return False

def wait(pred, limit=60):
    end = time.time() + limit
    while time.time() < end:
        r = pred()
        if r:
            return r
        time.sleep(0.005)
    raise SystemExit("timed out waiting; log: " + log)

def current_pid():
    started = [e for e in events() if e.get("event") == "process_started"]
    return started[-1]["pid"] if started else None

to_degraded, to_answer = [], []
for i in range(trials):
    wait(lambda: current_pid() and answers())
    time.sleep(1.5)  # let the new instance's grace pass and a healthy round count
    pid = current_pid()
    seen = sum(1 for _ in events())
    t0 = time.time()
    os.kill(pid, signal.SIGSTOP)
    deg = wait(lambda: next((e for e in list(events())[seen:] if e.get("event") == "service_state_changed"
                             and e.get("to") == "degraded"), None))
    wait(lambda: current_pid() != pid and answers())
    t2 = time.time()
    try:
        os.kill(pid, signal.SIGCONT)
    except ProcessLookupError:
        pass
    to_degraded.append((ts(deg) - t0) * 1000); to_answer.append((t2 - t0) * 1000)
    print(f"trial {i+1}: degraded {to_degraded[-1]:.0f} ms, new pid answering {to_answer[-1]:.0f} ms", flush=True)

def p50(xs): return statistics.median(xs)
print(f"DEGRADED after SIGSTOP: p50 {p50(to_degraded):.0f} ms, max {max(to_degraded):.0f} ms "
      f"(aim: interval x failures + timeout + 100 ms = 3600 ms)")
print(f"new PID answering:      p50 {p50(to_answer):.0f} ms, max {max(to_answer):.0f} ms")
PY
