#!/usr/bin/env bash
# Reruns the log-flood fault of issue 9 item 1 against a real daemon (bin/vigil daemon) with a
# small heap, and reports whether supervision went on:
#   - service "nonl" writes 100 MB without a newline; "wide1".."wide3" write 2,000 lines of 40 KB;
#     "victim" sleeps,
#   - after the floods: the daemon's RSS (anonymous and file-backed) and peak RSS (VmHWM), and its
#     heap (jcmd GC.heap_info, used of committed per generation),
#   - then the victim is SIGKILLed: is the exit seen and the service restarted with a new pid
#     (`vigil list --json`), and how long that took; then SIGTERM: exit code and time.
#
#   bench/log-flood.sh                          # JAVA_FLAGS="-Xmx64m"
#   JAVA_FLAGS="-Xmx32m" bench/log-flood.sh
#   JAVA_FLAGS="-Xmx64m -Dvigil.log_tail_bytes=4194304" bench/log-flood.sh
#
# The daemon runs as `java --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k JAVA_FLAGS
# -jar vigil/target/vigil.jar daemon ...`, not through bin/vigil, whose own -Xmx128m would win over
# JDK_JAVA_OPTIONS (those come first on the command line). The CLI runs through bin/vigil.
#
# Figures go in docs/benchmarks/process.md. Everything runs under a fresh /tmp dir, removed on
# exit; the daemon is stopped with SIGTERM and, failing that, SIGKILLed with its children's groups.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$here/vigil/target/vigil.jar" ] || "$here/bin/vigil" build
. "$here/bin/jdk.sh"
vigil_find_jdk
jcmd_bin="$(dirname "$VIGIL_JAVA")/jcmd"

work="$(mktemp -d /tmp/vigil-flood-bench.XXXXXX)"
. "$here/bench/daemon-lib.sh"

service() {   # NAME SCRIPT
  printf '[services.%s]\ncommand = ["/bin/sh", "-c", "%s"]\nstop_timeout = "2s"\n\n' "$1" "$2"
}
wide='line=$(head -c 40000 /dev/zero | tr \"\\\\0\" y); i=0; while [ $i -lt 2000 ]; do echo \"$line\"; i=$((i+1)); done; echo wide-done; exec sleep 100000'
{
  service nonl 'head -c 104857600 /dev/zero | tr \"\\\\0\" x; echo; echo flood-done; exec sleep 100000'
  service wide1 "$wide"
  service wide2 "$wide"
  service wide3 "$wide"
  service victim 'exec sleep 100000'
} > "$work/vigil.toml"

java_flags="${JAVA_FLAGS:--Xmx64m}"
vigil() { VIGIL_NO_REBUILD=1 "$here/bin/vigil" --state-dir "$work/state" "$@"; }
t0=$(date +%s%3N)
# shellcheck disable=SC2086 # JAVA_FLAGS is a list of flags
"$VIGIL_JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k $java_flags -jar "$here/vigil/target/vigil.jar" \
  daemon --config "$work/vigil.toml" --state-dir "$work/state" > "$work/events.jsonl" 2> "$work/stderr.log" &
daemon_pid=$!

ends_with() {   # FILE MARKER: the marker is in the file's last 4 KiB
  [ -f "$1" ] && tail -c 4096 "$1" | grep -q "$2"
}
floods_done_ms=""
for _ in $(seq 3000); do   # bounded: 300 s
  kill -0 "$daemon_pid" 2>/dev/null || break
  if ends_with "$work/state/logs/nonl/nonl.log" flood-done \
      && ends_with "$work/state/logs/wide1/wide1.log" wide-done \
      && ends_with "$work/state/logs/wide2/wide2.log" wide-done \
      && ends_with "$work/state/logs/wide3/wide3.log" wide-done; then
    floods_done_ms=$(( $(date +%s%3N) - t0 ))
    break
  fi
  sleep 0.1
done
alive_after_floods=no
kill -0 "$daemon_pid" 2>/dev/null && alive_after_floods=yes
status_kb() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$daemon_pid/status" 2>/dev/null || echo 0; }
hwm_kb=$(status_kb VmHWM); rss_kb=$(status_kb VmRSS); anon_kb=$(status_kb RssAnon); file_kb=$(status_kb RssFile)
# Every generation's "total NK, used NK" (SerialGC: DefNew + Tenured; G1: one line).
heap="$("$jcmd_bin" "$daemon_pid" GC.heap_info 2>/dev/null | grep -E 'total [0-9]+K, used' \
  | sed -E 's/^ *([A-Za-z0-9 -]*[A-Za-z]) +total ([0-9]+K), used ([0-9]+K).*/\1 \3 of \2/' | paste -sd ';' || echo 'n/a')"

restarted=no
new_pid=""
victim_pid="$(vigil list --json 2>"$work/list.err" | jq -r '.services[] | select(.name=="victim") | .pids[0]' || true)"
if [ -n "$victim_pid" ]; then
  kill -KILL "$victim_pid"
  tries=600   # bounded: 60 s
else
  restarted="no: vigil list did not answer ($(cat "$work/list.err"))"
  tries=0
fi
k0=$(date +%s%3N)
for _ in $(seq "$tries"); do
  new_pid="$(vigil list --json 2>/dev/null | jq -r '.services[] | select(.name=="victim" and .state=="running") | .pids[0] // empty' || true)"
  if [ -n "$new_pid" ] && [ "$new_pid" != "$victim_pid" ]; then restarted=yes; break; fi
  sleep 0.1
done
restart_ms=$(( $(date +%s%3N) - k0 ))
exit_seen=$(jq -r 'select(.event=="process_exited" and .service=="victim") | .status' "$work/events.jsonl" | tr '\n' ' ' || true)

stop_daemon

echo "daemon JVM flags              -XX:+UseSerialGC -Xss512k $java_flags"
echo "floods written                ${floods_done_ms:-NOT within 300 s} ms after launch"
echo "daemon alive after floods     $alive_after_floods"
echo "daemon RSS                    $((rss_kb / 1024)) MB now (anonymous $((anon_kb / 1024)) MB, file-backed $((file_kb / 1024)) MB, e.g. the AOT cache), peak (VmHWM) $((hwm_kb / 1024)) MB"
echo "heap after floods             $heap"
echo "victim SIGKILLed: restarted   $restarted (pid ${victim_pid:-?} -> ${new_pid:-none}) in $restart_ms ms; exit event: ${exit_seen:-none}"
echo "nonl.log size                 $(stat -c %s "$work/state/logs/nonl/nonl.log") bytes (100 MB written, cut to 64 KiB + notes)"
echo "OutOfMemoryError on stderr    $(grep -c OutOfMemoryError "$work/stderr.log" || true)"
echo "SIGTERM -> exit               $stop_ms ms, exit code $rc"
echo "load average at the end       $(cut -d' ' -f1-3 /proc/loadavg)"
