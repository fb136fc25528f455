#!/usr/bin/env bash
# The HTTP listener under a real daemon (bin/vigil daemon, its own JVM flags) supervising N `sleep`
# services with 2 tcp probes each (interval 5 s, against one local python3 http.server):
#   1. RSS of the daemon without [http] and with it (same services, each after SETTLE seconds),
#   2. /metrics: SCRAPES back-to-back scrapes, p50/p99/max latency (curl time_total), bytes,
#      and the daemon's CPU per scrape (utime+stime delta over the burst minus its idle rate),
#   3. probe lateness (the daemon's vigil_probe_lateness_seconds histogram, read by
#      bench/probe-lateness.py from a scrape at each end of the window) over PERIOD seconds idle
#      (two scrapes in it) and over PERIOD seconds of one scrape per second,
#   4. bytes and latency with probe_histogram = true (off by default).
#
#   bench/http-scrape.sh                     # N=200 SCRAPES=500 SETTLE=20 PERIOD=30
#   N=50 SCRAPES=100 SETTLE=5 PERIOD=10 bench/http-scrape.sh
#
# Aims (issue 11): p99 of /metrics under 20 ms, no effect on probe lateness at 1 scrape/s.
# Figures go in docs/benchmarks/http.md. Everything lives in a fresh /tmp dir, removed on exit;
# every daemon is stopped with SIGTERM (it stops its children), the probe target by its PID.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${N:-200}"
scrapes="${SCRAPES:-500}"
settle="${SETTLE:-20}"
period="${PERIOD:-30}"
[ -f "$here/vigil/target/vigil.jar" ] || "$here/bin/vigil" build

work="$(mktemp -d /tmp/vigil-http-bench.XXXXXX)"
daemon_pid=""
target_pid=""
stop_daemon() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid" 2>/dev/null || true
    for _ in $(seq 600); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$daemon_pid" 2>/dev/null && kill -KILL "$daemon_pid" 2>/dev/null || true
  fi
  daemon_pid=""
}
cleanup() {
  stop_daemon
  [ -n "$target_pid" ] && kill "$target_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
target_port=$(free_port)
http_port=$(free_port)
python3 -m http.server "$target_port" --bind 127.0.0.1 --directory "$work" >/dev/null 2>&1 &
target_pid=$!

sleep_bin="$(command -v sleep)"
services() {
  for i in $(seq -w 1 "$n"); do
    printf '[services.s%s]\ncommand = ["%s", "100000"]\nstop_timeout = "2s"\n' "$i" "$sleep_bin"
    for p in a b; do
      printf '[services.s%s.probes.%s]\nkind = "tcp"\naddress = "127.0.0.1:%s"\ninterval = "5s"\ntimeout = "1s"\n' "$i" "$p" "$target_port"
    done
    printf '\n'
  done
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$daemon_pid/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$daemon_pid/stat"; }
hz=$(getconf CLK_TCK)

start_daemon() {   # $1 = config dir
  export JDK_JAVA_OPTIONS="${JAVA_FLAGS:-}"
  VIGIL_NO_REBUILD=1 "$here/bin/vigil" daemon --config "$1" --state-dir "$work/state-$(basename "$1")" \
    > "$work/events-$(basename "$1").jsonl" 2> "$work/stderr-$(basename "$1").log" &
  daemon_pid=$!
  for _ in $(seq 600); do
    running=$(grep -c '"to":"running"' "$work/events-$(basename "$1").jsonl" 2>/dev/null || true)
    [ "${running:-0}" -ge "$n" ] && return 0
    kill -0 "$daemon_pid" 2>/dev/null || { cat "$work/stderr-$(basename "$1").log" >&2; exit 1; }
    sleep 0.1
  done
  echo "not all $n running within 60 s" >&2; exit 1
}

mkdir -p "$work/off" "$work/on" "$work/hist"
services > "$work/off/services.toml"
cp "$work/off/services.toml" "$work/on/"; cp "$work/off/services.toml" "$work/hist/"
printf '[http]\nlisten = "127.0.0.1:%s"\n' "$http_port" > "$work/on/http.toml"
printf '[http]\nlisten = "127.0.0.1:%s"\nprobe_histogram = true\n' "$http_port" > "$work/hist/http.toml"

# 1. RSS without [http].
start_daemon "$work/off"; sleep "$settle"
rss_off=$(rss_mb); stop_daemon

# 1, 2, 3 with [http].
start_daemon "$work/on"; sleep "$settle"
rss_on_idle=$(rss_mb)
url="http://127.0.0.1:$http_port/metrics"
bytes=$(curl -s "$url" | wc -c)
series=$(curl -s "$url" | grep -vc '^#')
for _ in $(seq 20); do curl -s -o /dev/null "$url"; done   # warm-up (JIT)
c0=$(cpu_ticks); w0=$(date +%s%N)
# One curl, one kept-alive connection, as Prometheus scrapes: time_total per transfer.
scrape_many() { local urls=(); for _ in $(seq "$1"); do urls+=("$url" -o /dev/null); done; curl -s -w '%{time_total}\n' "${urls[@]}"; }
scrape_many "$scrapes" > "$work/latency.txt"
c1=$(cpu_ticks); w1=$(date +%s%N)
# Idle rate over the same length of time, to subtract the probes' own CPU.
sleep "$(( (w1 - w0) / 1000000000 + 1 ))"
c2=$(cpu_ticks); w2=$(date +%s%N)
rss_on_scraped=$(rss_mb)
# Probe lateness: one idle period, then one period of 1 scrape/s, each between two scrapes.
curl -s "$url" > "$work/lateness-0.txt"
sleep "$period"
curl -s "$url" > "$work/lateness-1.txt"
for _ in $(seq "$period"); do curl -s -o /dev/null "$url"; sleep 1; done
curl -s "$url" > "$work/lateness-2.txt"
idle_lateness=$("$here/bench/probe-lateness.py" "$work/lateness-0.txt" "$work/lateness-1.txt")
scraped_lateness=$("$here/bench/probe-lateness.py" "$work/lateness-1.txt" "$work/lateness-2.txt")
stop_daemon

# 4. With the probe latency histogram.
start_daemon "$work/hist"; sleep 10   # two probe rounds: every histogram has data
bytes_hist=$(curl -s "$url" | wc -c)
for _ in $(seq 20); do curl -s -o /dev/null "$url"; done
scrape_many 100 > "$work/latency-hist.txt"
stop_daemon

pct() { sort -n "$1" | awk -v q="$2" '{a[NR]=$1} END {i=int(NR*q); if (i<1) i=1; printf "%.2f", a[i]*1000}'; }
echo "services                       $n (2 tcp probes each, interval 5 s)"
echo "RSS, no [http] (+${settle} s)        $rss_off MB"
echo "RSS, [http] on (+${settle} s)        $rss_on_idle MB; after $scrapes scrapes $rss_on_scraped MB"
echo "/metrics size                  $bytes bytes, $series samples; $bytes_hist bytes with probe_histogram = true"
echo "/metrics latency, $scrapes scrapes  p50 $(pct "$work/latency.txt" 0.5) ms, p99 $(pct "$work/latency.txt" 0.99) ms, max $(pct "$work/latency.txt" 1) ms (curl time_total, one kept-alive connection)"
echo "  with histogram, 100 scrapes  p50 $(pct "$work/latency-hist.txt" 0.5) ms, p99 $(pct "$work/latency-hist.txt" 0.99) ms"
awk -v c0="$c0" -v c1="$c1" -v c2="$c2" -v w0="$w0" -v w1="$w1" -v w2="$w2" -v hz="$hz" -v s="$scrapes" 'BEGIN {
  busy = (c1 - c0) / hz; idle_rate = (c2 - c1) / hz / ((w2 - w1) / 1e9)
  per = (busy - idle_rate * (w1 - w0) / 1e9) / s * 1000
  printf "daemon CPU per scrape          %.2f ms (%.2f s CPU over %d scrapes in %.1f s, idle rate %.2f%% of a core subtracted)\n", per, busy, s, (w1 - w0) / 1e9, idle_rate * 100
}'
echo "probe lateness, idle ${period} s      $idle_lateness"
echo "probe lateness, 1 scrape/s     $scraped_lateness"
echo "load average at the end        $(cut -d' ' -f1-3 /proc/loadavg)"
