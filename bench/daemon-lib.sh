# Sourced by bench scripts that run a real daemon: `work` is their temp dir (events in
# $work/events.jsonl), `daemon_pid` the daemon's PID once started.
#
# stop_daemon: SIGTERM, wait (up to 60 s) for the exit; sets stop_ms and rc (its exit code, or
# "none: ..." when it was still running after 60 s and had to be SIGKILLed; cleanup then kills
# its children's groups).
stop_daemon() {
  local t0
  t0=$(date +%s%3N)
  kill -TERM "$daemon_pid"
  for _ in $(seq 600); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
  stop_ms=$(( $(date +%s%3N) - t0 ))
  if kill -0 "$daemon_pid" 2>/dev/null; then
    rc="none: still running 60 s after SIGTERM"
    return
  fi
  wait "$daemon_pid" && rc=0 || rc=$?
  daemon_pid=""
}

# On exit: SIGTERM the daemon,
# wait up to 30 s, and failing that SIGKILL it and its children's process groups (their pgids are
# in the events); then remove the temp dir.
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$daemon_pid" 2>/dev/null; then
      kill -KILL "$daemon_pid" 2>/dev/null || true
      # Its children run in their own groups; the pgids are in the events.
      for pgid in $(jq -r 'select(.event=="process_started") | .pgid' "$work/events.jsonl" 2>/dev/null); do
        kill -KILL -- "-$pgid" 2>/dev/null || true
      done
    fi
  fi
  rm -rf "$work"
}
trap cleanup EXIT
