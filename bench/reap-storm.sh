#!/usr/bin/env bash
# Zombie reaping under a fork storm (issue 14): `vigil run` as PID 1 of a fresh PID namespace
# (unshare --pid --fork --mount-proc, needs root), one service that makes RATE orphans a second for
# SECONDS seconds (in batches: a short-lived parent forks up to BATCH_MAX grandchildren and exits,
# so every grandchild becomes an orphan of PID 1 alive and dies there at once). Reports:
#   - orphans made (counted by the storm itself) and the rate reached,
#   - zombies in the namespace: the largest count seen (sampled every 20 ms) and the count 2 s
#     after the storm (must be 0),
#   - the CPU time of Vigil's JVM during the storm (utime + stime from /proc/PID/stat), as % of a core,
#   - the exit code after SIGTERM (0 expected).
#
#   bench/reap-storm.sh                 # RATE=1000 SECONDS_=10
#   RATE=500 SECONDS_=5 bench/reap-storm.sh
#   REAPER=subreaper bench/reap-storm.sh  # vigil run in this PID namespace: a child subreaper, not PID 1
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
batch_max="${BATCH_MAX:-200}"
mode="${REAPER:-pid1}"    # pid1: under unshare --pid; subreaper: vigil run as a child subreaper
case "$mode" in pid1|subreaper) ;; *) echo "reap-storm: REAPER must be pid1 or subreaper" >&2; exit 2 ;; esac
[ "$(id -u)" = 0 ] || { echo "reap-storm: needs root (unshare --pid)" >&2; exit 1; }

work="$(mktemp -d /tmp/vigil-reap-bench.XXXXXX)"
vigil=""
# SIGTERM to Vigil (PID 1 inside) on any way out; unshare itself ignores SIGTERM and only waits.
trap '[ -n "$vigil" ] && kill -TERM "$vigil" 2>/dev/null; wait; rm -rf "$work"' EXIT
# The generator is perl (perl-base + Time::HiRes, on every Debian): its fork costs about half of
# python's, and it makes orphans in batches (one short-lived parent per batch), where python's
# fork + waitpid per orphan topped out at 500-630/s here. Each batch's parent starts up to
# BATCH_MAX grandchildren that block on a pipe, then exits: the grandchildren become orphans of
# PID 1 while alive, see EOF at once, and die there (zombies until Vigil reaps them). Batches
# follow the cumulative target RATE * elapsed, so a generator that falls behind catches up; up to
# 4 batch parents work at once. "made" counts the grandchildren each batch parent reports.
cat > "$work/storm.pl" <<'PL'
use strict;
use warnings;
use POSIX ();
use Time::HiRes qw(time sleep);
my ($rate, $secs, $go, $batch_max) = @ARGV;
$| = 1;
print "storm-ready\n";
sleep 0.05 until -e $go;
my ($made, $fork_failures, $batches, $asked) = (0, 0, 0, 0);
my %pending;    # batch parents not yet reaped, up to 4 at once so forking overlaps their work
sub collect {
    my ($flags) = @_;
    while ((my $pid = waitpid(-1, $flags)) > 0) {
        next unless delete $pending{$pid};
        $made += $? >> 8;
        $batches++;
    }
}
my $start = time;
while (1) {
    my $now = time - $start;
    last if $now >= $secs;
    collect(POSIX::WNOHANG);
    my $want = int($now * $rate) + 1 - $asked;
    if ($want <= 0 || keys %pending >= 4) { sleep 0.001; next; }
    $want = $batch_max if $want > $batch_max;
    my $parent = fork;
    if (!defined $parent) { $fork_failures++; sleep 0.01; next; }
    if ($parent == 0) {
        pipe(my $r, my $w) or POSIX::_exit(0);
        my $n = 0;
        for (1 .. $want) {
            my $g = fork;
            last unless defined $g;
            if ($g == 0) { close $w; sysread($r, my $byte, 1); POSIX::_exit(0); }
            $n++;
        }
        POSIX::_exit($n);    # how many it made (<= 255): its exit frees them
    }
    $pending{$parent} = 1;
    $asked += $want;
}
collect(0) while keys %pending;
my $elapsed = time - $start;
printf "storm-done made=%d seconds=%.2f rate=%.0f batches=%d fork_failures=%d\n",
    $made, $elapsed, $made / $elapsed, $batches, $fork_failures;
exec "/bin/sleep", "100000";
PL
cat > "$work/vigil.toml" <<TOML
[services.storm]
command = ["/usr/bin/perl", "$work/storm.pl", "$rate", "$secs", "$work/go", "$batch_max"]
stop_timeout = "5s"
TOML

run_vigil=("$VIGIL_JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -jar "$here/vigil/target/vigil.jar" run --config "$work/vigil.toml" --state-dir "$work/state")
if [ "$mode" = subreaper ]; then
  "${run_vigil[@]}" > "$work/out.txt" 2> "$work/err.txt" &
else
  unshare --pid --fork --mount-proc "${run_vigil[@]}" > "$work/out.txt" 2> "$work/err.txt" &
fi
outer=$!
for _ in $(seq 1 600); do grep -q storm-ready "$work/out.txt" 2>/dev/null && break; sleep 0.1; done
grep -q storm-ready "$work/out.txt" || { echo "reap-storm: the service did not start" >&2; cat "$work/err.txt" >&2; kill "$outer"; exit 1; }
ticks="$(getconf CLK_TCK)"
if [ "$mode" = subreaper ]; then
  vigil="$outer"
  # Orphans re-parent to Vigil (a child subreaper): its zombie children, among all of the host's.
  zombies() {
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v p="$vigil" '$4 == p && $3 == "Z" { n++ } END { print n + 0 }'
  }
else
  vigil="$(cat /proc/$outer/task/$outer/children | tr -d ' ')"
  # The namespace's own /proc (mounted by --mount-proc), seen through Vigil's root: only its pids.
  nsproc="/proc/$vigil/root/proc"
  zombies() {
    { cat "$nsproc"/[0-9]*/stat 2>/dev/null || true; } | awk '$3 == "Z" { n++ } END { print n + 0 }'
  }
fi
cpu() { awk '{print $14 + $15}' "/proc/$vigil/stat"; }
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
echo "date: $(date -u) mode: $mode"
grep -o 'storm-done.*' "$work/out.txt"
echo "zombies: max seen during the storm $max ($samples samples), 2 s after: $after"
awk -v c0="$cpu0" -v c1="$cpu1" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
    'BEGIN { printf "vigil CPU during the storm: %.2f s over %.2f s = %.1f %% of a core\n", (c1-c0)/hz, t1-t0, 100*(c1-c0)/hz/(t1-t0) }'
echo "exit code after SIGTERM: $code"
echo "orphan_adopted events: $(grep -c orphan_adopted "$work/out.txt" || true)"
