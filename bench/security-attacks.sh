#!/usr/bin/env bash
# Reruns the attacks of issue 9 items 4 and 11 and prints what Vigil did (docs/RELIABILITY.md):
#   churn   64 clients x 100 tight sequential `vigil.list` calls, no retry, 64 places: busy/EPIPE count
#   flood   64 requests of ~1 MB at once against a fake daemon with -Xmx48m: OOM or clean answers
#   links   a world-writable state dir with links planted by `nobody`: does root's daemon follow them
#   forged  a socket served by `nobody` where root's CLI looks: does `vigil list` believe it
# links and forged need root, setpriv (util-linux) and python3; they are skipped otherwise.
#
#   bench/security-attacks.sh [churn|flood|links|forged]...   (default: all)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export JAVA_HOME="${VIGIL_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
java="$JAVA_HOME/bin/java"
jar="$here/vigil/target/vigil.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am package -DskipTests)
[ -d "$here/vigil/target/test-classes/dev/vigil/api" ] || (cd "$here" && ./mvnw -B -ntp -q -pl vigil -am test-compile)
cp="$jar:$here/vigil/target/test-classes"
attacks=("$@"); [ ${#attacks[@]} -gt 0 ] || attacks=(churn flood links forged)

work="$(mktemp -d /tmp/vigil-attacks.XXXXXX)"
chmod 711 "$work"
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

as_nobody_ok() { [ "$(id -u)" = 0 ] && [ -x /usr/bin/setpriv ] && [ -x /usr/bin/python3 ]; }
nobody() { /usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }

links() {
  as_nobody_ok || { echo "links: skipped (needs root, setpriv, python3)"; return; }
  mkdir -m 700 "$work/vault"; printf 'root:only:secret\n' > "$work/vault/shadow"; chmod 600 "$work/vault/shadow"
  before="$(sha256sum < "$work/vault/shadow")"
  mkdir -m 777 "$work/state"; chmod 777 "$work/state"
  nobody sh -c 'ln -s "$1/vault/shadow" "$1/state/vigil.sock.lock"; ln -s "$1/vault/elsewhere.db" "$1/state/vigil.db";
                mkdir -p "$1/state/logs/web"; ln -s "$1/vault/appended" "$1/state/logs/web/web.log"' sh "$work"
  printf '[services.web]\ncommand = ["/bin/sh", "-c", "echo SECRET_TOKEN=hunter2; exec sleep 600"]\n' > "$work/vigil.toml"
  set +e
  timeout 60 "$java" -jar "$jar" daemon --config "$work/vigil.toml" --state-dir "$work/state" > "$work/daemon.out" 2> "$work/daemon.err"
  code=$?
  set -e
  after="$(sha256sum < "$work/vault/shadow")"
  echo "links: daemon exit $code; stderr: $(head -c 300 "$work/daemon.err")"
  echo "links: root-only file $([ "$before" = "$after" ] && echo untouched || echo CHANGED);" \
       "files in the vault: $(ls "$work/vault" | tr '\n' ' ')"
}

forged() {
  as_nobody_ok || { echo "forged: skipped (needs root, setpriv, python3)"; return; }
  mkdir -m 777 "$work/forged"; chmod 777 "$work/forged"
  /usr/bin/setpriv --reuid=nobody --regid=nogroup --clear-groups /usr/bin/python3 -I -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.bind(sys.argv[1]); os.chmod(sys.argv[1], 0o777); s.listen(4)
while True:
    c, _ = s.accept()
    try:
        c.settimeout(2); c.recv(65536)
        c.sendall(b"{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"services\":[{\"name\":\"web\",\"state\":\"running\",\"reason\":\"FORGED\",\"since\":\"2026-01-01T00:00:00Z\",\"restarts\":0,\"processes\":[],\"probes\":[]}]}}\n")
    except OSError:
        pass
    c.close()
' "$work/forged/vigil.sock" &
  fake_pid=$!
  for _ in $(seq 100); do [ -S "$work/forged/vigil.sock" ] && break; sleep 0.1; done
  set +e
  out="$("$java" -jar "$jar" --socket "$work/forged/vigil.sock" list 2>&1)"
  code=$?
  set -e
  echo "forged: vigil list exit $code: $out"
}

for attack in "${attacks[@]}"; do
  case "$attack" in
    churn) "$java" -cp "$cp" dev.vigil.api.AttackBench churn 64 100 ;;
    flood) "$java" -cp "$cp" dev.vigil.api.AttackBench flood 64 1000000 48m ;;
    links) links ;;
    forged) forged ;;
    *) echo "unknown attack $attack" >&2; exit 2 ;;
  esac
done
