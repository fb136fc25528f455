#!/usr/bin/env bash
# The store's faults of issue 9, rerun against the real daemon (items 8 and 9):
#  1. amplification: a probe failing every 100 ms (tcp to a closed port, on_degraded = "warn") plus a
#     flapping service (exits every ~0.5 s) for RUN_SECONDS (default 60); reports stored rows, database
#     bytes (vigil.db + -wal) and JSON log bytes, and each per hour.
#  2. notify flood: a notify service sends 100,000 STATUS= datagrams; rows and JSON bytes.
#  3. disk full (needs root, to mount a 8 MiB tmpfs as the state dir): is a SIGKILLed service
#     restarted with the disk full, does recording resume once space returns, and does a daemon
#     start on a full tmpfs.
# Usage: bench/store-faults.sh [VIGIL_JAR]   (default vigil/target/vigil.jar; pass an older build's
#        jar for the "before" figures). Needs: JDK 25 (bin/jdk.sh), python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. bin/jdk.sh
vigil_find_jdk
JAR="$(realpath "${1:-vigil/target/vigil.jar}")"
SECONDS_RUN="${RUN_SECONDS:-60}"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
work="$(mktemp -d)"
daemon=""
mounted=""
stop_daemon() {
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; daemon=""; fi
}
cleanup() { stop_daemon; [ -n "$mounted" ] && umount "$mounted" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
start_daemon() { # CONFIG STATE LOG  ($! must be the JVM itself, so SIGTERM reaches the daemon)
  "$java_bin" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$JAR" \
    daemon --config "$1" --state-dir "$2" >"$3" 2>"$3.err" &
  daemon=$!
}
wait_for() { # FILE PATTERN SECONDS
  for _ in $(seq $(( $3 * 10 ))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; return 1
}
rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from events').fetchone()[0])" "$1" 2>/dev/null || echo 0; }
# Events the rows stand for (a coalesced row counts its repeats; a database before coalescing has no count column).
represented() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in c.execute('pragma table_info(events)')]
print(c.execute('select sum(count) from events' if 'count' in cols else 'select count(*) from events').fetchone()[0])" "$1" 2>/dev/null || echo 0; }
# Bytes the history occupies: pages in use after a checkpoint (the -wal file is a fixed-size
# ring of up to ~4 MB that says nothing about growth).
db_bytes() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute('pragma wal_checkpoint(TRUNCATE)')
size, free, page = (c.execute('pragma ' + p).fetchone()[0] for p in ('page_count', 'freelist_count', 'page_size'))
print((size - free) * page)" "$1/vigil.db" 2>/dev/null || echo 0; }
by_type() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
rows = dict(c.execute(\"select type = 'probe_failed', count(*) from events group by 1\").fetchall())
print(f'probe_failed rows {rows.get(1, 0)}, other rows {rows.get(0, 0)}')" "$1" 2>/dev/null || echo "?"; }
per_hour() { python3 -c "import sys; print(round(int(sys.argv[1]) * 3600 / int(sys.argv[2])))" "$1" "$2"; }

echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), jar $JAR"

# 1. amplification
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat >"$work/amp.toml" <<EOF
[daemon]
probe_restart_budget = 0

[services.web]
command = ["/bin/sleep", "100000"]
on_degraded = "warn"

[services.web.probes.port]
kind = "tcp"
address = "127.0.0.1:$port"
interval = "100ms"
timeout = "50ms"
failures = 1

[services.flap]
command = ["/bin/sh", "-c", "sleep 0.5; exit 1"]
max_restarts = 10000
period = "1s"

[services.flap.backoff]
initial = "10ms"
max = "10ms"
jitter = 0.0
EOF
start_daemon "$work/amp.toml" "$work/amp-state" "$work/amp.log"
wait_for "$work/amp.log" daemon_started 60 || { echo "daemon did not start"; cat "$work/amp.log.err"; exit 1; }
sleep "$SECONDS_RUN"
stop_daemon
r="$(rows "$work/amp-state/vigil.db")"; b="$(db_bytes "$work/amp-state")"; j="$(wc -c <"$work/amp.log")"
failures="$(grep -c '"event":"probe_failed"' "$work/amp.log" || true)"
echo "amplification, ${SECONDS_RUN}s: probe_failed lines $failures; stored rows $r ($(per_hour "$r" "$SECONDS_RUN")/h)" \
     "standing for $(represented "$work/amp-state/vigil.db") events ($(by_type "$work/amp-state/vigil.db"));" \
     "db bytes $b ($(per_hour "$b" "$SECONDS_RUN")/h); JSON log bytes $j ($(per_hour "$j" "$SECONDS_RUN")/h)"

# 2. notify flood
cat >"$work/flood.py" <<'EOF'
import os, socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
a = os.environ['NOTIFY_SOCKET']
s.sendto(b'READY=1', a)
for i in range(100000): s.sendto(b'STATUS=step %d' % i, a)
time.sleep(2)
s.sendto(b'STATUS=after the flood', a)
time.sleep(100000)
EOF
cat >"$work/flood.toml" <<EOF
[services.flood]
command = ["/usr/bin/python3", "$work/flood.py"]
type = "notify"
EOF
start_daemon "$work/flood.toml" "$work/flood-state" "$work/flood.log"
wait_for "$work/flood.log" 'after the flood' 180 || echo "(the last STATUS= did not arrive within 180 s)"
sleep 2
stop_daemon
r="$(rows "$work/flood-state/vigil.db")"; j="$(wc -c <"$work/flood.log")"
echo "notify flood, 100,000 STATUS= datagrams: stored rows $r standing for $(represented "$work/flood-state/vigil.db") events; JSON log bytes $j;" \
     "notify lines $(grep -c '"event":"notify_' "$work/flood.log" || true)"

# 3. disk full
mkdir -p "$work/disk"
if ! mount -t tmpfs -o size=8m,mode=0700 tmpfs "$work/disk" 2>"$work/mount.err"; then
  echo "disk full: SKIPPED, cannot mount a tmpfs here: $(cat "$work/mount.err")"
  exit 0
fi
mounted="$work/disk"
cat >"$work/quiet.toml" <<EOF
[services.quiet]
command = ["/bin/sleep", "100000"]

[services.quiet.backoff]
initial = "200ms"
jitter = 0.0
EOF
mkdir -m 700 "$work/disk/state"
start_daemon "$work/quiet.toml" "$work/disk/state" "$work/full.log"
wait_for "$work/full.log" '"event":"process_started"' 60
pid="$(grep '"event":"process_started"' "$work/full.log" | head -1 | python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["pid"])')"
dd if=/dev/zero of="$work/disk/filler" bs=64k 2>/dev/null || true
kill -9 "$pid"
restarted="no"
for _ in $(seq 300); do
  [ "$(grep -c '"event":"process_started"' "$work/full.log")" -ge 2 ] && { restarted="yes"; break; }
  sleep 0.1
done
rm -f "$work/disk/filler"
resumed="no"; wait_for "$work/full.log" '_recording_resumed' 30 && resumed="yes"
echo "disk full: SIGKILLed service restarted with the disk full: $restarted;" \
     "said: $(grep -o '"event":"[a-z_]*not_recorded"' "$work/full.log" | sort -u | tr '\n' ' ')" \
     "recording resumed after freeing space: $resumed; stack trace lines on stderr: $(grep -c $'^\tat ' "$work/full.log.err" || true)"
stop_daemon
rm -rf "$work/disk/state"; mkdir -m 700 "$work/disk/state"
dd if=/dev/zero of="$work/disk/filler" bs=64k 2>/dev/null || true
start_daemon "$work/quiet.toml" "$work/disk/state" "$work/start.log"
started="no"; wait_for "$work/start.log" '"event":"process_started"' 60 && started="yes"
sleep 1
echo "daemon start on a full tmpfs: service started: $started; daemon alive: $(kill -0 "$daemon" 2>/dev/null && echo yes || echo no);" \
     "stderr: $(head -c 300 "$work/start.log.err" | tr '\n' ' ')"
stop_daemon
rm -f "$work/disk/filler"
