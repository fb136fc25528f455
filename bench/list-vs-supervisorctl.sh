#!/usr/bin/env bash
# `vigil list` against `supervisorctl status`, 200 `sleep` services each, in the same hyperfine run
# (median of RUNS=20, 3 warm-ups). Both supervisors are private to this script: their configs,
# sockets, pidfiles and state live in a temp dir; only what this script started is stopped, by PID.
#
#   bench/list-vs-supervisorctl.sh          (needs: apt-get install -y hyperfine supervisor)
#   COPY=1 bench/list-vs-supervisorctl.sh   `list` from a copy of the checkout in a temp dir (bin/ and
#                                           the jars, AOT cache included), as after moving a checkout
#
# Vigil runs as a user would run it: `bin/vigil list` (the launcher's client flags and its AOT
# cache, trained here first). Figures go in docs/benchmarks/cli.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${SERVICES:-200}"
runs="${RUNS:-20}"
for tool in hyperfine supervisord supervisorctl; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y hyperfine supervisor" >&2; exit 1; }
done
"$root/bin/vigil" --version >/dev/null   # builds the jars if missing or stale
"$root/bin/vigil" train-aot || true   # the daemon's AOT cache now, not trained beside the timed runs
export VIGIL_NO_REBUILD=1

work="$(mktemp -d /tmp/vigil-vs-supervisor.XXXXXX)"
vigil_pid=""
supervisord_pid=""
stop_pid() {   # SIGTERM, wait up to 60 s for it to stop its children, then SIGKILL
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  stop_pid "$vigil_pid"
  stop_pid "$supervisord_pid"
  rm -rf "$work"
}
trap cleanup EXIT

# --- the same 200 programs for both ---
sleep_bin="$(command -v sleep)"
{
  for i in $(seq -w 1 "$n"); do
    printf '[services.svc%s]\ncommand = ["%s", "100000"]\nstop_timeout = "2s"\n\n' "$i" "$sleep_bin"
  done
} > "$work/vigil.toml"
{
  printf '[unix_http_server]\nfile=%s/supervisor.sock\nchmod=0700\n\n' "$work"
  printf '[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\nchildlogdir=%s\nnodaemon=true\n\n' "$work" "$work" "$work"
  printf '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n'
  printf '[supervisorctl]\nserverurl=unix://%s/supervisor.sock\n\n' "$work"
  for i in $(seq -w 1 "$n"); do
    printf '[program:svc%s]\ncommand=%s 100000\nautorestart=true\nstdout_logfile=NONE\nstderr_logfile=NONE\nstopwaitsecs=2\n\n' "$i" "$sleep_bin"
  done
} > "$work/supervisord.conf"

# --- start both, wait until all 200 run in each ---
"$root/bin/vigil" daemon --config "$work/vigil.toml" --state-dir "$work/vigil-state" > "$work/vigil.log" 2>&1 &
vigil_pid=$!
supervisord -c "$work/supervisord.conf" > "$work/supervisord.out" 2>&1 &
supervisord_pid=$!

client_root="$root"
if [ -n "${COPY:-}" ]; then   # a copied checkout: its copied AOT cache must be noticed and trained again
  client_root="$work/copy"
  mkdir -p "$client_root/vigil/target" "$client_root/vigil-fixtures/target" "$client_root/vigil-grpc/target"
  cp -a "$root/bin" "$client_root/"
  cp -a "$root"/vigil/target/vigil.jar "$root"/vigil/target/vigil-cli.aot* "$client_root/vigil/target/" 2>/dev/null || true
  cp -a "$root/vigil-fixtures/target/vigil-fixtures.jar" "$client_root/vigil-fixtures/target/"
  cp -a "$root/vigil-grpc/target/vigil-grpc-plugin.jar" "$client_root/vigil-grpc/target/" 2>/dev/null || true
  rm -f "$client_root/vigil/target/vigil-cli.aot.lock"
  echo "client: copy of the checkout in $client_root"
fi
vigil_list=("$client_root/bin/vigil" --state-dir "$work/vigil-state" list)
supervisorctl_status=(supervisorctl -c "$work/supervisord.conf" status)
running_vigil() { "${vigil_list[@]}" 2>/dev/null | grep -c '● running' || true; }
running_supervisor() { "${supervisorctl_status[@]}" 2>/dev/null | grep -c ' RUNNING ' || true; }
for _ in $(seq 300); do
  [ "$(running_vigil)" = "$n" ] && [ "$(running_supervisor)" = "$n" ] && break
  sleep 1
done
echo "running: vigil $(running_vigil)/$n, supervisord $(running_supervisor)/$n"
[ "$(running_vigil)" = "$n" ] && [ "$(running_supervisor)" = "$n" ] || { tail -5 "$work/vigil.log" "$work/supervisord.log" >&2; exit 1; }

# bin/vigil trains its AOT cache in the background on the first list: wait for it, as a user's
# second command would find it.
# Trained when a `list` loads its classes from the cache (seen with -Xlog:class+load).
aot_used() { [ "$(JDK_JAVA_OPTIONS=-Xlog:class+load=info "${vigil_list[@]}" 2>/dev/null | grep -c 'dev.vigil.cli.Main source: shared objects file')" -gt 0 ]; }
for _ in $(seq 60); do
  aot_used && break
  sleep 1
done
echo "AOT cache: $(aot_used && echo "used by $client_root/bin/vigil" || echo "NOT used")"

echo "machine: $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
echo "supervisor $(supervisord --version); $("$root/bin/vigil" --version 2>/dev/null | head -1)"
q() { printf '%q ' "$@"; }
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n "vigil list ($n services)" "$(q "${vigil_list[@]}")" \
  -n "supervisorctl status ($n programs)" "$(q "${supervisorctl_status[@]}")"
cat "$work/result.md"
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %7.1f ms  min %7.1f ms  max %7.1f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["max"] * 1000, r["command"]))
' "$work/result.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
