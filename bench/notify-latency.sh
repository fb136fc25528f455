#!/usr/bin/env bash
# Macro benchmark of alert notification latency with the real daemon: a service's tcp probe
# (interval 200ms, failures = 1, on_degraded = "warn") points at a loopback listener that this
# script closes and reopens; a [[notify]] webhook (group_wait = "0s") posts to a receiver in the
# same Python process. Measures, per state change, the time from the daemon's
# service_state_changed event (its "ts") to the receiver getting the matching firing/resolved
# notice. EVENTS state changes (half degraded, half running), p50/p99/max.
# Usage: bench/notify-latency.sh [EVENTS=50]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if [[ ! -f vigil/target/vigil.jar ]]; then
  ./mvnw -B -ntp -q -pl vigil -am package -DskipTests
fi
exec python3 - "${1:-50}" "$JAVA_HOME/bin/java" "$here/vigil/target/vigil.jar" <<'PY'
import datetime, http.server, json, os, shutil, signal, socket, subprocess, sys, tempfile, threading, time

events, java, jar = int(sys.argv[1]), sys.argv[2], sys.argv[3]
received = []  # (receipt time, notice)
cond = threading.Condition()

class Hook(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        t = time.time()
        with cond:
            received.append((t, json.loads(body)))
            cond.notify_all()
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass

hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
threading.Thread(target=hook.serve_forever, daemon=True).start()

def listen(port=0):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port)); s.listen(50); return s

listener = listen(); port = listener.getsockname()[1]
work = tempfile.mkdtemp()
with open(os.path.join(work, "vigil.toml"), "w") as f:
    f.write(f'''[services.api]
command = ["/bin/sleep", "3600"]
on_degraded = "warn"
[services.api.probes.port]
kind = "tcp"
address = "127.0.0.1:{port}"
interval = "200ms"
timeout = "150ms"
failures = 1
[[notify]]
name = "bench"
webhook = "http://127.0.0.1:{hook.server_address[1]}/"
group_wait = "0s"
''')
daemon = subprocess.Popen([java, "-XX:+UseSerialGC", "-jar", jar, "daemon", "--config", os.path.join(work, "vigil.toml"),
                           "--state-dir", os.path.join(work, "state")], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
changes = []
def pump():
    for line in daemon.stdout:
        try: e = json.loads(line)
        except ValueError: continue
        if e.get("event") == "service_state_changed" and e.get("to") in ("degraded", "running"):
            with cond:
                changes.append(e); cond.notify_all()
threading.Thread(target=pump, daemon=True).start()

def wait_for(pred, timeout=120):
    deadline = time.time() + timeout
    with cond:
        while not pred():
            left = deadline - time.time()
            if left <= 0: raise SystemExit("timed out; see " + work)
            cond.wait(left)

def ts(e):
    return datetime.datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).timestamp()

try:
    wait_for(lambda: any(c["to"] == "running" for c in changes))
    lat = []
    for i in range(events):
        n_changes, n_received = len(changes), len(received)
        if i % 2 == 0:
            listener.close()
        else:
            listener = listen(port)
        wait_for(lambda: len(changes) > n_changes and len(received) > n_received)
        lat.append((received[n_received][0] - ts(changes[n_changes])) * 1000)
        want = "firing" if i % 2 == 0 else "resolved"
        assert received[n_received][1]["event"] == want, received[n_received][1]
    lat.sort()
    pick = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    print(f"events={len(lat)} p50={pick(0.5):.1f}ms p99={pick(0.99):.1f}ms max={lat[-1]:.1f}ms min={lat[0]:.1f}ms")
finally:
    daemon.send_signal(signal.SIGTERM)
    try: daemon.wait(60)
    except subprocess.TimeoutExpired: daemon.kill()
    hook.shutdown(); listener.close()
    if not os.environ.get("KEEP"): shutil.rmtree(work, ignore_errors=True)
PY
