#!/usr/bin/env bash
# Watchdog detection time, macro: the real daemon supervises one notify service (watchdog = 2s,
# on_degraded = "warn") whose Python client pings WATCHDOG=1 every 0.5 s for 1.5 s, then stops,
# writes the wall-clock instant of its last ping, stays silent for 3.5 s and starts again.
# Detection = the daemon's watchdog_missed log line's ts minus that last ping (same machine, same
# CLOCK_REALTIME). TRIALS rounds (default 20); prints each, then p50 and max.
# Usage: bench/notify-watchdog.sh     Needs: bin/vigil build (or ./mvnw -pl vigil -am package -DskipTests)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TRIALS="${TRIALS:-20}"
work="$(mktemp -d)"
daemon=""
cleanup() { [ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cat >"$work/client.py" <<'EOF'
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
a = os.environ['NOTIFY_SOCKET']
s.sendto(b'READY=1', a)
for trial in range(int(sys.argv[2])):
    for _ in range(4):                      # pings at 0, 0.5, 1.0, 1.5 s
        s.sendto(b'WATCHDOG=1', a)
        last = time.time_ns()
        time.sleep(0.5)
    with open(sys.argv[1], 'a') as out:     # the instant of the last ping, then silence
        out.write(f'{last}\n')
    time.sleep(3.0)                         # 0.5 s already slept: 3.5 s of silence in all
time.sleep(3600)
EOF
cat >"$work/vigil.toml" <<EOF
[services.pinger]
command = ["/usr/bin/python3", "$work/client.py", "$work/last-pings", "$TRIALS"]
type = "notify"
watchdog = "2s"
on_degraded = "warn"
EOF

bin/vigil daemon --config "$work/vigil.toml" --state-dir "$work/state" >"$work/daemon.log" 2>"$work/daemon.err" &
daemon=$!
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), watchdog 2s, $TRIALS trials"
for _ in $(seq $((TRIALS * 6 + 60))); do   # ~5 s a trial; bounded
  [ -f "$work/last-pings" ] && [ "$(wc -l <"$work/last-pings")" -ge "$TRIALS" ] && break
  sleep 1
done
sleep 3   # the last trial's detection is due 2 s after its last ping
python3 - "$work/last-pings" "$work/daemon.log" <<'EOF'
import json, sys, datetime
pings = [int(l) for l in open(sys.argv[1])]
def ns(ts):  # "2026-01-02T03:04:05.123456789Z" -> ns since the epoch, exactly
    head, frac = ts.rstrip('Z').split('.') if '.' in ts else (ts.rstrip('Z'), '0')
    sec = datetime.datetime.fromisoformat(head).replace(tzinfo=datetime.timezone.utc).timestamp()
    return int(sec) * 10**9 + int(frac.ljust(9, '0')[:9])
missed = [ns(e['ts']) for e in map(json.loads, filter(lambda l: l.startswith('{'), open(sys.argv[2])))
          if e.get('event') == 'watchdog_missed' and e.get('service') == 'pinger']
delays = []
for p in pings:
    after = [m for m in missed if m > p]
    if after:
        delays.append((after[0] - p) / 1e6)
print('trials:', ' '.join(f'{d:.1f}' for d in delays), 'ms')
delays.sort()
n = len(delays)
if n == 0:
    sys.exit('no watchdog_missed events; see the daemon log')
p50 = delays[n // 2] if n % 2 else (delays[n // 2 - 1] + delays[n // 2]) / 2
print(f'n={n} min={delays[0]:.1f} p50={p50:.1f} max={delays[-1]:.1f} ms '
      f'(over the 2000 ms deadline: p50 +{p50 - 2000:.1f}, max +{delays[-1] - 2000:.1f} ms)')
if n != len(pings):
    print(f'WARNING: {len(pings) - n} trial(s) without a detection')
EOF
