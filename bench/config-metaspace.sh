#!/usr/bin/env bash
# Issue 16: does parsing the config in a throwaway class loader give metaspace back? On a config of
# N (200) `sleep` services, in fresh JVMs with the daemon's class-related flags (serial GC, C1,
# compact headers), with the JDK's CDS archive and without it:
#   app        the config loaded twice by the application class loader (as the daemon does)
#   throwaway  loaded once through a URLClassLoader over vigil.jar, which is then dropped and collected
# Figures are the Metaspace + Compressed Class Space pools (used and committed) and class counts.
#
#   bench/config-metaspace.sh          (results in docs/benchmarks/daemon.md)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$here/vigil/target/vigil.jar"
n="${SERVICES:-200}"
[ -f "$jar" ] || "$here/bin/vigil" build
work="$(mktemp -d /tmp/vigil-metaspace-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
sleep_bin="$(command -v sleep)"
for i in $(seq -w 1 "$n"); do
  printf '[services.s%s]\ncommand = ["%s", "100000"]\n\n' "$i" "$sleep_bin"
done > "$work/vigil.toml"
"$JAVA_HOME/bin/javac" -d "$work" -cp "$jar" "$here/bench/metaspace/ConfigLoaderMetaspace.java"
flags=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED)
echo "machine: $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ); $n services"
for share in -Xshare:auto -Xshare:off; do
  echo "$share  $("$JAVA_HOME/bin/java" "$share" "${flags[@]}" -cp "$jar:$work" ConfigLoaderMetaspace app "$work/vigil.toml" | tail -1)"
  echo "$share  $("$JAVA_HOME/bin/java" "$share" "${flags[@]}" -cp "$work" ConfigLoaderMetaspace throwaway "$work/vigil.toml" "$jar" | tail -1)"
done
