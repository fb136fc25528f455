#!/usr/bin/env bash
# Times `vigil export` and checks what the export libraries cost the other commands.
#
#   bench/export.sh                 # this checkout's jar only
#   bench/export.sh BASE_JAR        # also the same commands on BASE_JAR (a build without
#                                   # the export libraries), in the same hyperfine runs
#
# Commands (client flags as bin/vigil and the tests use them, no AOT cache):
#   export kubernetes --pod of examples/reference.toml (the whole path: picocli, config, fabric8,
#   Jackson 3 -> Jackson YAML); export nomad --format hcl (no fabric8); `check` of the same file
#   (picocli model, no export classes); `list` with no daemon (the fast path, exit 5).
# Figures go in docs/benchmarks/export.md (command, machine, date).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$here/vigil/target/vigil.jar"
base="${1:-}"
runs="${RUNS:-20}"
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 1; }
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am package -DskipTests)

work="$(mktemp -d /tmp/vigil-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
config="$here/examples/reference.toml"
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED"

echo "jar: $(du -h "$jar" | cut -f1), $(unzip -l "$jar" | tail -1 | awk '{print $2}') entries"
[ -z "$base" ] || echo "base jar: $(du -h "$base" | cut -f1), $(unzip -l "$base" | tail -1 | awk '{print $2}') entries"

for cmd in "export kubernetes --pod -c $config" "export nomad --format hcl -c $config"; do
  hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$work/export.md" \
    "$java $flags -jar $jar $cmd" 2>&1 | grep -v '^$' || true
  "$java" $flags -verbose:class -jar "$jar" $cmd 2>/dev/null | grep -c '\[class,load\]' | sed 's/^/classes loaded: /'
done

for cmd in "check $config" "--state-dir $work/state list"; do
  if [ -n "$base" ]; then
    hyperfine -N -i --warmup 3 --runs "$runs" "$java $flags -jar $base $cmd" "$java $flags -jar $jar $cmd" 2>&1 | grep -v '^$' || true
  else
    hyperfine -N -i --warmup 3 --runs "$runs" "$java $flags -jar $jar $cmd" 2>&1 | grep -v '^$' || true
  fi
done
