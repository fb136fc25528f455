#!/usr/bin/env bash
# Times `vigil list` (median of 20 runs, hyperfine) against a running daemon.
#
#   bench/cli-list.sh                      # against the daemon of the default state dir
#   bench/cli-list.sh --socket PATH        # against that socket
#   bench/cli-list.sh --fake [N]           # against a fake daemon serving N (200) services:
#                                          # measures the client alone (needs test classes)
#
# Variants: plain JVM; client flags (-XX:TieredStopAtLevel=1 -XX:+UseSerialGC, default CDS);
# client flags + a JDK 25 AOT cache trained on `vigil list` itself.
# Figures go in docs/benchmarks/cli.md (command, machine, date).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$here/vigil/target/vigil.jar"
runs="${RUNS:-20}"
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 1; }
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am package -DskipTests)

work="$(mktemp -d /tmp/vigil-bench.XXXXXX)"
. "$here/bench/fake-daemon-lib.sh"
cleanup() {
  stop_fake_daemon
  rm -rf "$work"
}
trap cleanup EXIT

socket_args=()
case "${1:-}" in
  --fake)
    n="${2:-200}"
    [ -d "$here/vigil/target/test-classes" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am test-compile)
    start_fake_daemon "$n"
    socket_args=(--socket "$work/vigil.sock")
    ;;
  --socket) socket_args=(--socket "$2") ;;
  "") ;;
  *) echo "usage: $0 [--fake [N] | --socket PATH]" >&2; exit 2 ;;
esac

client_flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
cds=(-Xshare:auto)  # the JDK's default CDS archive; -XX:AOTCache replaces it (they cannot be combined)
main=(-cp "$jar" dev.vigil.cli.Main "${socket_args[@]}" list)
"$java" "${main[@]}" | tail -n +2 | wc -l | sed 's/^/services listed: /'
"$java" "${client_flags[@]}" -XX:AOTCacheOutput="$work/cli.aot" "${main[@]}" > /dev/null 2>"$work/aot.log" || cat "$work/aot.log" >&2

q() { printf '%q ' "$@"; }
hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/result.md" --export-json "$work/result.json" \
  -n "JVM + picocli only (--version, client flags + AOT)" "$(q "$java" "${client_flags[@]}" -XX:AOTCache="$work/cli.aot" -cp "$jar" dev.vigil.cli.Main --version)" \
  -n "plain" "$(q "$java" "${main[@]}")" \
  -n "client flags" "$(q "$java" "${client_flags[@]}" "${cds[@]}" "${main[@]}")" \
  -n "client flags + AOT cache" "$(q "$java" "${client_flags[@]}" -XX:AOTCache="$work/cli.aot" "${main[@]}")"
cat "$work/result.md"
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %7.1f ms  %s" % (r["median"] * 1000, r["command"]))
' "$work/result.json"
