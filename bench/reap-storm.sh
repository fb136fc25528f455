#!/usr/bin/env bash
# Zombie reaping under a fork storm (issue 14): `vigil run` as PID 1 of a fresh PID namespace
# (unshare --pid --fork --mount-proc, needs root), one service that makes RATE orphans a second for
# SECONDS seconds (each: fork, the child forks a grandchild and exits at once, the grandchild
# exits at once, so every grandchild dies an orphan of PID 1). Reports:
#   - orphans made (counted by the storm itself) and the rate reached,
#   - zombies in the namespace: the largest count seen (sampled every 20 ms) and the count 2 s
#     after the storm (must be 0),
#   - the CPU time of Vigil's JVM during the storm (utime + stime from /proc/PID/stat), as % of a core,
#   - the exit code after SIGTERM (0 expected).
#
#   bench/reap-storm.sh                 # RATE=1000 SECONDS_=10
#   RATE=500 SECONDS_=5 bench/reap-storm.sh
#
# Bounded: RATE * SECONDS_ orphans, each exits at once; everything runs under a fresh /tmp dir,
# removed on exit. Figures go in docs/benchmarks/process.md.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$here/vigil/target/vigil.jar" ] || "$here/bin/vigil" build
. "$here/bin/jdk.sh"
vigil_find_jdk
rate="${RATE:-1000}"
secs="${SECONDS_:-10}"
[ "$(id -u)" = 0 ] || { echo "reap-storm: needs root (unshare --pid)" >&2; exit 1; }

work="$(mktemp -d /tmp/vigil-reap-bench.XXXXXX)"
vigil=""
# SIGTERM to Vigil (PID 1 inside) on any way out; unshare itself ignores SIGTERM and only waits.
trap '[ -n "$vigil" ] && kill -TERM "$vigil" 2>/dev/null; wait; rm -rf "$work"' EXIT
cat > "$work/storm.py" <<PY
import os, sys, time
rate, secs = int(sys.argv[1]), int(sys.argv[2])
print("storm-ready", flush=True)
while not os.path.exists("$work/go"):
    time.sleep(0.05)
made, start = 0, time.monotonic()
while True:
    now = time.monotonic() - start
    if now >= secs:
        break
    due = int(now * rate) + 1
    while made < due:
        pid = os.fork()
        if pid == 0:
            if os.fork() == 0:
                os._exit(0)    # the grandchild: an orphan of PID 1 from birth, dies at once
            os._exit(0)
        os.waitpid(pid, 0)     # reap the child: only the grandchild is left to PID 1
        made += 1
    time.sleep(0.001)
elapsed = time.monotonic() - start
print("storm-done made=%d seconds=%.2f rate=%.0f" % (made, elapsed, made / elapsed), flush=True)
os.execv("/bin/sleep", ["sleep", "100000"])
PY
cat > "$work/vigil.toml" <<TOML
[services.storm]
command = ["/usr/bin/python3", "$work/storm.py", "$rate", "$secs"]
stop_timeout = "5s"
TOML

unshare --pid --fork --mount-proc "$VIGIL_JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -jar "$here/vigil/target/vigil.jar" run --config "$work/vigil.toml" --state-dir "$work/state" \
    > "$work/out.txt" 2> "$work/err.txt" &
outer=$!
for _ in $(seq 1 600); do grep -q storm-ready "$work/out.txt" 2>/dev/null && break; sleep 0.1; done
grep -q storm-ready "$work/out.txt" || { echo "reap-storm: the service did not start" >&2; cat "$work/err.txt" >&2; kill "$outer"; exit 1; }
vigil="$(cat /proc/$outer/task/$outer/children | tr -d ' ')"
# The namespace's own /proc (mounted by --mount-proc), seen through Vigil's root: only its pids.
nsproc="/proc/$vigil/root/proc"
ticks="$(getconf CLK_TCK)"
cpu() { awk '{print $14 + $15}' "/proc/$vigil/stat"; }
zombies() {
  { cat "$nsproc"/[0-9]*/stat 2>/dev/null || true; } | awk '$3 == "Z" { n++ } END { print n + 0 }'
}
cpu0="$(cpu)"; t0="$(date +%s.%N)"
touch "$work/go"
max=0
while ! grep -q storm-done "$work/out.txt"; do
  z="$(zombies)"; [ "$z" -gt "$max" ] && max="$z"
  samples=$((${samples:-0} + 1))
  sleep 0.02
done
cpu1="$(cpu)"; t1="$(date +%s.%N)"
sleep 2
after="$(zombies)"
kill -TERM "$vigil"
wait "$outer" && code=0 || code=$?
echo "date: $(date -u)"
grep -o 'storm-done.*' "$work/out.txt"
echo "zombies: max seen during the storm $max ($samples samples), 2 s after: $after"
awk -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
    'BEGIN { printf "vigil CPU during the storm: %.2f s over %.2f s = %.1f %% of a core\n", (c1-c0)/hz, t1-t0, 100*(c1-c0)/hz/(t1-t0) }'
echo "exit code after SIGTERM: $code"
echo "orphan_adopted events: $(grep -c orphan_adopted "$work/out.txt" || true)"
