#!/usr/bin/env bash
# The JSON-library question (issue 16): Vigil's JDK-only codec (dev.vigil.json.Json) against
# jackson-jr-objects and jackson-databind, on one round trip of a real `vigil list --json` answer
# for N (200) services (parse into maps and lists, write back), each in a fresh JVM with the
# client's flags (C1 only, serial GC, the JDK's CDS archive; no AOT cache):
#   - classes loaded (-Xlog:class+load lines) and how many are the library's,
#   - peak RSS (VmHWM, from /usr/bin/time -f %M),
#   - wall time of the whole JVM run (hyperfine -N, RUNS=15, 2 warm-ups).
# `none` reads the file only: the floor of the JVM itself.
#
#   bench/json-codecs.sh          (needs hyperfine; fetches jackson-jr-objects 2.22.4 into ~/.m2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$here/vigil/target/vigil.jar"
n="${SERVICES:-200}"; runs="${RUNS:-15}"
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 1; }
[ -f "$jar" ] && [ -d "$here/vigil/target/test-classes" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am package -DskipTests)
jr_version=2.22.4
jr="$HOME/.m2/repository/com/fasterxml/jackson/jr/jackson-jr-objects/$jr_version/jackson-jr-objects-$jr_version.jar"
[ -f "$jr" ] || (cd "$here" && ./mvnw -B -ntp -q org.apache.maven.plugins:maven-dependency-plugin:3.11.0:get \
  -Dartifact="com.fasterxml.jackson.jr:jackson-jr-objects:$jr_version" -Dtransitive=false)

work="$(mktemp -d /tmp/vigil-json-bench.XXXXXX)"
. "$here/bench/fake-daemon-lib.sh"
cleanup() {
  stop_fake_daemon
  rm -rf "$work"
}
trap cleanup EXIT

# A real answer: the fake daemon (test classes) serves N running services over the real socket.
start_fake_daemon "$n"
"$java" -cp "$jar" dev.vigil.cli.Main --socket "$work/vigil.sock" list --json > "$work/list.json"
echo "sample: vigil list --json, $n services, $(wc -c < "$work/list.json") bytes"

# vigil.jar holds Vigil's codec, databind and jackson-core (shaded, not relocated); jr needs only core.
mkdir -p "$work/classes"
"$JAVA_HOME/bin/javac" -d "$work/classes" -cp "$jar:$jr" "$here/bench/json/JsonCodecs.java"
cp_all="$work/classes:$jar:$jr"
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

echo "machine: $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-9s %8s %9s %9s %10s\n' library classes jackson vigil.json "peak RSS"
for lib in none jdk jr databind; do
  "$java" "${flags[@]}" -Xlog:class+load=info:file="$work/$lib.classes" -cp "$cp_all" JsonCodecs "$lib" "$work/list.json" > /dev/null
  total=$(grep -c 'class,load' "$work/$lib.classes")
  jackson=$(grep -c 'class,load.*com\.fasterxml\.jackson' "$work/$lib.classes" || true)
  own=$(grep -c 'class,load.*dev\.vigil\.json' "$work/$lib.classes" || true)
  rss_kb=$(/usr/bin/time -f %M "$java" "${flags[@]}" -cp "$cp_all" JsonCodecs "$lib" "$work/list.json" 2>&1 >/dev/null | tail -1)
  printf '%-9s %8d %9d %9d %7.1f MB\n' "$lib" "$total" "$jackson" "$own" "$(echo "$rss_kb / 1024" | bc -l)"
done

q() { printf '%q ' "$@"; }
cmds=()
for lib in none jdk jr databind; do cmds+=(-n "$lib" "$(q "$java" "${flags[@]}" -cp "$cp_all" JsonCodecs "$lib" "$work/list.json")"); done
hyperfine -N --warmup 2 --runs "$runs" --export-json "$work/result.json" "${cmds[@]}" > /dev/null
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %7.1f ms  min %7.1f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["command"]))
' "$work/result.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
