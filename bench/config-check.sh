#!/usr/bin/env bash
# Times `vigil check` end to end (JVM start included) on generated configs:
#   comments-10k   a valid service after 10,000 comment and blank lines (the quadratic case of tomlj)
#   comments-1mb   the same with 1 MiB of comment lines (~16,000 lines)
#   services-2000  2,000 services, each with a tcp probe
#   services-10000 10,000 services (the limit: ConfigLimits.MAX_SERVICES)
#   oversize-50mb  a 50 MiB file (refused by size before it is read)
#
#   bench/config-check.sh                  # all cases, RUNS (5) runs each
#   VIGIL_JAR=/path/vigil.jar CASES="comments-2k" TIMEOUT=300 bench/config-check.sh
#                                          # another build (e.g. one before the parser change)
#
# Prints one line per case: median and max wall time, the exit status and the first output line.
# Figures go in docs/benchmarks/config.md (command, machine, date).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="${VIGIL_JAR:-$here/vigil/target/vigil.jar}"
runs="${RUNS:-5}"
limit="${TIMEOUT:-120}"
cases="${CASES:-comments-10k comments-1mb services-2000 services-10000 oversize-50mb}"
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am package -DskipTests)

work="$(mktemp -d /tmp/vigil-config-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

comments() { # LINES FILE
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) print (i % 3 == 0 ? "" : "# comment line " i " with some words to make it longer");
                         print "[services.web]"; print "command = [\"/bin/true\"]" }' > "$2"
}
services() { # N FILE
  awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) { print "[services.s" i "]"; print "command = [\"/bin/sleep\", \"600\"]";
                         print "[services.s" i ".probes.health]"; print "kind = \"tcp\""; print "address = \"127.0.0.1:" (1024 + i % 60000) "\""; print "" } }' > "$2"
}

for c in $cases; do
  f="$work/$c.toml"
  case "$c" in
    comments-1mb) awk 'BEGIN { while (s < 1048576) { l = "# comment line " n++ " with some words to make it longer"; print l; s += length(l) + 1 }
                               print "[services.web]"; print "command = [\"/bin/true\"]" }' > "$f" ;;
    comments-*) n="${c#comments-}"; n="${n/k/000}"; comments "$n" "$f" ;;
    services-*) services "${c#services-}" "$f" ;;
    oversize-50mb) head -c $((50 << 20)) /dev/zero | tr '\0' '#' > "$f" ;;
  esac
  times=()
  status=0
  first=""
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    set +e
    out="$(timeout "$limit" "$java" -cp "$jar" dev.vigil.cli.Main check "$f" 2>&1)"
    status=$?
    set -e
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
    first="$(printf '%s\n' "$out" | head -1 | cut -c1-110)"
    [ "$status" -eq 124 ] && break   # timed out: once is enough
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median="${sorted[$(( ${#sorted[@]} / 2 ))]}"
  max="${sorted[$(( ${#sorted[@]} - 1 ))]}"
  printf '%-15s %6s bytes=%-9s runs=%s median=%sms max=%sms exit=%s  %s\n' "$c" "" "$(stat -c %s "$f")" \
    "${#times[@]}" "$median" "$max" "$status" "$first"
done
