#!/usr/bin/env bash
# A real daemon (bin/vigil daemon, its own JVM flags) supervising N `sleep` processes:
#   - time from launching the daemon until all N report process_started (from its JSON events),
#   - the daemon's RSS once they run (VmRSS from /proc/PID/status), and its thread count,
#   - its idle CPU over IDLE seconds (utime+stime from /proc/PID/stat), as % of one core.
#
#   bench/daemon-200.sh            # N=200, IDLE=60
#   N=50 IDLE=10 bench/daemon-200.sh
#   JAVA_FLAGS="-Xmx64m" bench/daemon-200.sh   # extra JVM flags, appended after bin/vigil's (JDK_JAVA_OPTIONS)
#   NMT=1 bench/daemon-200.sh      # also -XX:NativeMemoryTracking=summary: NMT's committed memory per
#                                  # category (jcmd VM.native_memory summary) beside the RSS
#   HISTO=25 bench/daemon-200.sh   # also the 25 largest classes of the heap (jcmd GC.class_histogram,
#                                  # which runs a full GC first), after the RSS figures
#   VIGIL_DAEMON_AOT=off bench/daemon-200.sh   # without the daemon's AOT cache (by default bin/vigil
#                                  # uses it; it is trained here first, before the clock starts)
#
# Aims (issue 2): all 200 started in under 2 s, RSS under 80 MB, idle CPU under 0.5% of one core.
# Figures go in docs/benchmarks/daemon.md. Everything runs under a fresh /tmp dir, removed on exit;
# the daemon is stopped with SIGTERM (it stops its 200 children) and, failing that, SIGKILLed with
# its children's process groups.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${N:-200}"
idle="${IDLE:-60}"
[ -f "$here/vigil/target/vigil.jar" ] || "$here/bin/vigil" build

work="$(mktemp -d /tmp/vigil-daemon-bench.XXXXXX)"
. "$here/bench/daemon-lib.sh"

sleep_bin="$(command -v sleep)"
for i in $(seq -w 1 "$n"); do
  printf '[services.s%s]\ncommand = ["%s", "100000"]\nstop_timeout = "2s"\n\n' "$i" "$sleep_bin"
done > "$work/vigil.toml"

export JDK_JAVA_OPTIONS="${JAVA_FLAGS:-}${NMT:+ -XX:NativeMemoryTracking=summary}"
# A cache trained in the background by the measured start would compete with it: train it first.
aot_state=off
if [ "${VIGIL_DAEMON_AOT:-on}" != off ]; then
  VIGIL_NO_REBUILD=1 "$here/bin/vigil" train-aot && aot_state=on || aot_state="on, but no usable cache"
fi
jcmd="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd"
t0_ms=$(date +%s%3N)
VIGIL_NO_REBUILD=1 "$here/bin/vigil" daemon --config "$work/vigil.toml" --state-dir "$work/state" \
  > "$work/events.jsonl" 2> "$work/stderr.log" &
daemon_pid=$!   # bin/vigil execs java: this is the daemon's own PID

started=0
for _ in $(seq 600); do   # bounded: 60 s
  started=$(grep -c '"event":"process_started"' "$work/events.jsonl" || true)
  [ "$started" -ge "$n" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || { echo "daemon died:" >&2; cat "$work/stderr.log" >&2; exit 1; }
  sleep 0.1
done
[ "$started" -ge "$n" ] || { echo "only $started of $n started within 60 s" >&2; exit 1; }

ms_of() { date -d "$1" +%s%3N; }
# Whole-file reads only (no `| head`: under pipefail an early-closing reader fails the script).
starts="$(jq -r 'select(.event=="process_started") | .ts' "$work/events.jsonl")"
first_ts=$(sed -n 1p <<<"$starts")
last_ts=$(sed -n "${n}p" <<<"$starts")
first_event_ts=$(jq -rs '.[0].ts' "$work/events.jsonl")
running=0
for _ in $(seq 300); do   # until every service reports running, bounded: 30 s
  running=$(jq -r 'select(.event=="service_state_changed" and .to=="running") | .service' "$work/events.jsonl" | sort -u | wc -l)
  [ "$running" -ge "$n" ] && break
  sleep 0.1
done
all_running_ms=$(date +%s%3N)

# Let start-up work (JIT, GC after the burst) settle before the idle figures.
sleep 5
rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status")
# RssFile is mostly file-backed pages shared with every other JVM (libjvm.so, the CDS archive).
rss_split=$(awk '/^Rss(Anon|File|Shmem):/ {printf "%s %.1f MB  ", $1, $2 / 1024}' "/proc/$daemon_pid/status")
hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$daemon_pid/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$daemon_pid/status")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }   # utime + stime (no spaces in comm: "java")
hz=$(getconf CLK_TCK)
classes=$("$jcmd" "$daemon_pid" VM.classes 2>/dev/null | grep -c '^0x' || true)
if [ -n "${NMT:-}" ]; then   # committed KB per NMT category, the largest first
  "$jcmd" "$daemon_pid" VM.native_memory summary > "$work/nmt.txt"; [ -z "${NMT_KEEP:-}" ] || cp "$work/nmt.txt" "$NMT_KEEP"
  echo "NMT (committed), $classes classes loaded:"
  sed -n 's/^Total: reserved=[0-9]*KB, committed=\([0-9]*\)KB.*/total \1/p; s/^ *malloc: \([0-9]*\)KB.*/malloc(all) \1/p; s/^-  *\(.*[^ ]\) *(reserved=[0-9]*KB, committed=\([0-9]*\)KB[,)].*/\1\t\2/p' "$work/nmt.txt" \
    | awk -F'\t' 'NF == 2 {printf "  %-28s %7.1f MB\n", $1, $2 / 1024; next} {split($0, a, " "); printf "  %-28s %7.1f MB\n", a[1], a[2] / 1024}' \
    | head -40
fi
if [ -n "${HISTO:-}" ]; then
  echo "heap histogram (after a full GC), top $HISTO:"
  "$jcmd" "$daemon_pid" GC.class_histogram > "$work/histo.txt"
  sed -n "1,$((HISTO + 3))p" "$work/histo.txt" | tail -n +2
  tail -1 "$work/histo.txt"
fi
c0=$(cpu_ticks); w0=$(date +%s%N)
sleep "$idle"
c1=$(cpu_ticks); w1=$(date +%s%N)
rss_after_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$daemon_pid/status")

stop_daemon

awk -v n="$n" -v t0="$t0_ms" -v fe="$(ms_of "$first_event_ts")" -v f="$(ms_of "$first_ts")" -v l="$(ms_of "$last_ts")" \
    -v run="$all_running_ms" -v running="$running" -v rss="$rss_kb" -v hwm="$hwm_kb" -v rss2="$rss_after_kb" \
    -v thr="$threads" -v rsssplit="$rss_split" -v c0="$c0" -v c1="$c1" -v hz="$hz" -v w0="$w0" -v w1="$w1" -v stop="$stop_ms" -v rc="$rc" \
    -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v aot="$aot_state" 'BEGIN {
  printf "services                      %d (daemon AOT cache: %s)\n", n, aot
  printf "launch -> first event         %d ms (JVM start, config, store, socket)\n", fe - t0
  printf "launch -> last of %d started %d ms\n", n, l - t0
  printf "first -> last process_started %d ms\n", l - f
  printf "all %d running (seen by poll) %d ms after launch (%d services)\n", n, run - t0, running
  printf "RSS after start (+5 s)        %.1f MB (peak VmHWM %.1f MB), %d threads\n", rss / 1024, hwm / 1024, thr
  printf "  of which                    %s\n", rsssplit
  printf "idle CPU over %.0f s           %.3f%% of one core (%d ticks at %d Hz)\n", (w1 - w0) / 1e9, (c1 - c0) / hz / ((w1 - w0) / 1e9) * 100, c1 - c0, hz
  printf "RSS after idle                %.1f MB\n", rss2 / 1024
  printf "SIGTERM -> exit               %d ms, exit code %d\n", stop, rc
  printf "load average at the end       %s\n", load
}'
