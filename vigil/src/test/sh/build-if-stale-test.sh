#!/usr/bin/env bash
# Tests bin/vigil's build-on-first-use in a fake checkout (bin/vigil and bin/jdk.sh copied in, a
# .git dir, empty source trees, a fake ./mvnw that counts its runs and writes the jars, a fake JDK
# whose java counts its runs): missing jars build once and the command runs; nothing stale builds
# nothing; a source newer than the jar builds again; VIGIL_NO_REBUILD=1 does not; two commands
# started together on stale jars build once (the second waits on the lock, then finds nothing stale).
# Usage: build-if-stale-test.sh ROOT   (run by BuildIfStaleIT; prints "ok: ..." per check, exits 1 on a failure)
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
root="$1"
work="$(mktemp -d /tmp/vigil-build-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT

co="$work/checkout"
mkdir -p "$co/bin" "$co/.git" "$co/vigil/src/main" "$co/vigil-liveness/src/main" "$co/vigil-fixtures/src/main" \
  "$co/vigil-grpc/src/main"
cp "$root/bin/vigil" "$root/bin/jdk.sh" "$co/bin/"
touch "$co/pom.xml" "$co/vigil/pom.xml" "$co/vigil-grpc/pom.xml" "$co/vigil/src/main/Old.java"
# The fake build: counts its runs; with $co/gate present, waits (at most 20 s) until it is removed.
cat > "$co/mvnw" <<'EOF'
#!/usr/bin/env bash
here="$(cd "$(dirname "$0")" && pwd)"
echo build >> "$here/builds"
for _ in $(seq 400); do [ -e "$here/gate" ] || break; sleep 0.05; done
mkdir -p "$here/vigil/target" "$here/vigil-fixtures/target" "$here/vigil-grpc/target"
touch "$here/vigil/target/vigil.jar" "$here/vigil-fixtures/target/vigil-fixtures.jar" "$here/vigil-grpc/target/vigil-grpc-plugin.jar"
EOF
chmod +x "$co/mvnw"
jdk="$work/jdk"
mkdir -p "$jdk/bin"
printf 'IMPLEMENTOR="Test"\nJAVA_VERSION="25.0.1"\n' > "$jdk/release"
printf '#!/bin/sh\necho run >> "%s/runs"\necho "vigil 0.1.0"\n' "$jdk" > "$jdk/bin/java"
chmod +x "$jdk/bin/java"
vigil() { env -i PATH="$PATH" HOME="$work/home" VIGIL_JAVA_HOME="$jdk" VIGIL_CACHE_DIR="$work/cache" "$@" "$co/bin/vigil" --version; }

# 1. No jars: one build, then the command runs (before the fix bash recursed until it segfaulted).
out="$(vigil 2>/dev/null)"; rc=$?
check "missing jars: exit code" 0 "$rc"
check "missing jars: built once" 1 "$(lines_in "$co/builds")"
check "missing jars: the command ran" "vigil 0.1.0" "$out"

# 2. Nothing newer than the jar: no build.
vigil >/dev/null 2>&1
check "up to date: no build" 1 "$(lines_in "$co/builds")"
check "up to date: the command ran" 2 "$(lines_in "$jdk/runs")"

# The jars as built a while ago, so that a source touched now is newer (no mtime in the future:
# a build must leave its jars newer than every source, or the next command builds again).
age_jars() {
  touch -d '100 seconds ago' "$co/vigil/target/vigil.jar" "$co/vigil-fixtures/target/vigil-fixtures.jar" \
    "$co/vigil-grpc/target/vigil-grpc-plugin.jar"
}

# 3. A source newer than the jar: built again.
age_jars
touch "$co/vigil/src/main/New.java"
vigil >/dev/null 2>&1
check "changed source: built again" 2 "$(lines_in "$co/builds")"

# 4. VIGIL_NO_REBUILD=1: a stale jar is used as it is.
age_jars
touch "$co/vigil/src/main/Newer.java"
vigil VIGIL_NO_REBUILD=1 >/dev/null 2>&1
check "VIGIL_NO_REBUILD: no build" 2 "$(lines_in "$co/builds")"

# 5. Two commands at once on stale jars: the first builds (held at the gate); the second is let go
#    only once it has opened the lock file (past its first look, at the lock); one build in all.
touch "$co/gate"
vigil >/dev/null 2>&1 & first=$!
for _ in $(seq 400); do [ "$(lines_in "$co/builds")" = 3 ] && break; sleep 0.05; done
check "together: the first builds" 3 "$(lines_in "$co/builds")"
vigil >/dev/null 2>&1 & second=$!
# True if a process below PID $1 has the build lock open.
holds_lock_below() {
  local fd pid p
  for fd in /proc/[0-9]*/fd/*; do
    [ "$(readlink "$fd" 2>/dev/null)" = "$co/.vigil/build.lock" ] || continue
    pid="${fd#/proc/}"; pid="${pid%%/*}"
    for p in $(seq 20); do   # up the parent chain
      [ "$pid" = "$1" ] && return 0
      pid="$(awk '/^PPid:/ {print $2}' /proc/"$pid"/status 2>/dev/null)"
      [ -n "$pid" ] && [ "$pid" != 0 ] || break
    done
  done
  return 1
}
waiting=no
for _ in $(seq 400); do
  if holds_lock_below "$second"; then waiting=yes; break; fi
  sleep 0.05
done
check "together: the second waits at the lock" yes "$waiting"
rm -f "$co/gate"
wait "$first"; rc1=$?; wait "$second"; rc2=$?
check "together: both exit 0" "0 0" "$rc1 $rc2"
check "together: built once" 3 "$(lines_in "$co/builds")"
check "together: both ran" 6 "$(lines_in "$jdk/runs")"

checks_done
