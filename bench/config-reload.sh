#!/usr/bin/env bash
# Times `vigil reload` against a real daemon whose config has COMMENTS (1,500) comment lines above
# N (10) `sleep` services, as in issue 9 (reload with 1,500 comment lines took 11-13 s). Each
# reload first adds one more comment line at the top, a cosmetic edit: the script also checks
# that no service was reported changed and every PID stayed the same.
#
#   bench/config-reload.sh                 # COMMENTS=1500 N=10 RUNS=5
#   COMMENTS=10000 bench/config-reload.sh
#
# Prints the median and max wall time of `vigil reload` (client JVM start included).
# Figures go in docs/benchmarks/config.md. Everything runs under a fresh /tmp dir, removed on
# exit; the daemon is stopped with SIGTERM (it stops its children), failing that SIGKILLed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
comments="${COMMENTS:-1500}"
n="${N:-10}"
runs="${RUNS:-5}"
[ -f "$here/vigil/target/vigil.jar" ] || "$here/bin/vigil" build

work="$(mktemp -d /tmp/vigil-reload-bench.XXXXXX)"
. "$here/bench/daemon-lib.sh"   # cleanup on exit: stop the daemon, kill its groups, remove $work

sleep_bin="$(command -v sleep)"
services="$work/services.part"
for i in $(seq -w 1 "$n"); do
  printf '[services.s%s]\ncommand = ["%s", "100000"]\nstop_timeout = "2s"\n\n' "$i" "$sleep_bin"
done > "$services"
write_config() { # EXTRA_COMMENT_LINES
  { awk -v n="$((comments + $1))" 'BEGIN { for (i = 0; i < n; i++) print "# comment line " i " explaining something at length"; }'
    cat "$services"; } > "$work/vigil.toml"
}
write_config 0

VIGIL_NO_REBUILD=1 "$here/bin/vigil" daemon --config "$work/vigil.toml" --state-dir "$work/state" \
  > "$work/events.jsonl" 2> "$work/stderr.log" &
daemon_pid=$!
running=0
for _ in $(seq 600); do   # bounded: 60 s
  running=$(jq -r 'select(.event=="service_state_changed" and .to=="running") | .service' "$work/events.jsonl" 2>/dev/null | sort -u | wc -l)
  [ "$running" -ge "$n" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || { echo "daemon died:" >&2; cat "$work/stderr.log" >&2; exit 1; }
  sleep 0.1
done
[ "$running" -ge "$n" ] || { echo "only $running of $n running within 60 s" >&2; exit 1; }

pids() { VIGIL_NO_REBUILD=1 "$here/bin/vigil" --state-dir "$work/state" list --json | jq -c '[.services[] | {name, pids}]'; }
before="$(pids)"
times=()
for r in $(seq "$runs"); do
  write_config "$r"
  t0=$(date +%s%N)
  out="$(VIGIL_NO_REBUILD=1 "$here/bin/vigil" --state-dir "$work/state" reload --json)"
  t1=$(date +%s%N)
  times+=($(( (t1 - t0) / 1000000 )))
  changed="$(jq -r '.changed | length' <<<"$out")"
  [ "$changed" = "0" ] || { echo "a cosmetic reload changed services: $out" >&2; exit 1; }
done
after="$(pids)"
[ "$before" = "$after" ] || { echo "PIDs changed: $before -> $after" >&2; exit 1; }
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "comments=$comments services=$n runs=$runs reload median=${sorted[$(( runs / 2 ))]}ms max=${sorted[$(( runs - 1 ))]}ms changed=0 pids=unchanged"
