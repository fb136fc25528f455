#!/usr/bin/env bash
# `vigil list` end to end through bin/vigil at two revisions of the launcher (bin/vigil +
# bin/jdk.sh), same jars, same fake daemon serving N (200) services, alternated in one hyperfine
# run (RUNS=20, 3 warm-ups): what the launcher itself costs, without the real daemon's noise.
# Each launcher runs from its own copy of the checkout (bin/ and the jars), and its AOT cache is
# trained and checked (-Xlog:class+load) before timing, as a user's second command would find it.
#
#   bench/list-launchers.sh [OLD_REV]     (default f9e40d5, before issue 16; needs test classes)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$here/vigil/target/vigil.jar"
n="${SERVICES:-200}"; runs="${RUNS:-20}"; old_rev="${1:-f9e40d5}"
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 1; }
work="$(mktemp -d /tmp/vigil-launchers.XXXXXX)"
. "$here/bench/fake-daemon-lib.sh"
cleanup() { stop_fake_daemon; rm -rf "$work"; }
trap cleanup EXIT
start_fake_daemon "$n"

checkout() {   # checkout DIR REV|"": bin/ at REV (or the working tree) and the built jars
  mkdir -p "$1/bin" "$1/vigil/target" "$1/vigil-fixtures/target" "$1/vigil-grpc/target"
  if [ -n "$2" ]; then
    for f in vigil jdk.sh; do git -C "$here" show "$2:bin/$f" > "$1/bin/$f"; done
    chmod +x "$1/bin/vigil"
  else
    cp -a "$here/bin/vigil" "$here/bin/jdk.sh" "$1/bin/"
  fi
  cp -a "$jar" "$1/vigil/target/"
  cp -a "$here/vigil-fixtures/target/vigil-fixtures.jar" "$1/vigil-fixtures/target/"
  cp -a "$here/vigil-grpc/target/vigil-grpc-plugin.jar" "$1/vigil-grpc/target/" 2>/dev/null || true
}
checkout "$work/old" "$old_rev"
checkout "$work/new" ""
from_cache() { JDK_JAVA_OPTIONS=-Xlog:class+load=info "$1/bin/vigil" list --socket "$work/vigil.sock" 2>/dev/null \
  | grep -c 'dev.vigil.cli.Main source: shared objects file' || true; }
for side in old new; do
  for _ in $(seq 60); do [ "$(from_cache "$work/$side")" -gt 0 ] && break; sleep 1; done
  echo "$side launcher ($([ "$side" = old ] && echo "$old_rev" || echo "working tree")): AOT cache $([ "$(from_cache "$work/$side")" -gt 0 ] && echo used || echo "NOT used (rejected or never trained)")"
done

echo "machine: $(nproc) cores, $(uname -sr); load: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%MZ)"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/result.json" \
  -n "old launcher ($old_rev)" "$work/old/bin/vigil list --socket $work/vigil.sock" \
  -n "new launcher" "$work/new/bin/vigil list --socket $work/vigil.sock" > /dev/null
python3 -c '
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("median %7.1f ms  min %7.1f ms  user %6.1f ms  %s" % (r["median"] * 1000, r["min"] * 1000, r["user"] * 1000, r["command"]))
' "$work/result.json"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
