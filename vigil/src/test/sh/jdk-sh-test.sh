#!/usr/bin/env bash
# Tests bin/jdk.sh with fake JDKs (a bin/java script that counts its runs): the release file is read
# without starting java; without one, java runs once and the cache answers after; a changed java
# is asked again; an untrusted or unwritable cache dir is ignored (java asked each time, no error).
# Usage: jdk-sh-test.sh ROOT   (run by JdkScriptIT; prints "ok: ..." per check, exits 1 on a failure)
. "$(dirname "${BASH_SOURCE[0]}")/checks.sh"
root="$1"
work="$(mktemp -d /tmp/vigil-jdk-test.XXXXXX)"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# fake_jdk DIR VERSION [release]: a JDK whose java prints VERSION and counts its runs in DIR/runs.
fake_jdk() {
  mkdir -p "$1/bin"
  printf '#!/bin/sh\necho run >> "%s/runs"\necho "    java.specification.version = %s" >&2\n' "$1" "$2" > "$1/bin/java.new"
  chmod +x "$1/bin/java.new"; mv -f "$1/bin/java.new" "$1/bin/java"
  rm -f "$1/release"
  [ "${3:-}" = release ] && printf 'IMPLEMENTOR="Test"\nJAVA_VERSION="%s.0.1"\n' "$2" > "$1/release"
  return 0
}
runs() { lines_in "$1/runs"; }
# find_jdk JDK CACHE_DIR: prints the JAVA_HOME bin/jdk.sh chooses, in a fresh shell.
find_jdk() {
  env -i PATH="$PATH" HOME="$work/home" VIGIL_JAVA_HOME="$1" VIGIL_CACHE_DIR="$2" \
    bash -c '. "$0/bin/jdk.sh" && vigil_find_jdk >/dev/null 2>"$1" && printf "%s\n" "$JAVA_HOME"' "$root" "$work/stderr"
}

# 1. A release file names the version: no JVM is started.
fake_jdk "$work/rel" 25 release
check "release file: JDK chosen" "$work/rel" "$(find_jdk "$work/rel" "$work/cache")"
check "release file: java never started" 0 "$(runs "$work/rel")"

# 2. No release file: java runs once, then the cache answers.
fake_jdk "$work/norel" 25
check "no release file: JDK chosen" "$work/norel" "$(find_jdk "$work/norel" "$work/cache")"
check "no release file: java asked once" 1 "$(runs "$work/norel")"
check "cache file is private" 600 "$(stat -c %a "$work/cache/jdk-versions")"
check "cache hit: JDK chosen" "$work/norel" "$(find_jdk "$work/norel" "$work/cache")"
check "cache hit: java not asked again" 1 "$(runs "$work/norel")"
check "no temp files left" 1 "$(ls "$work/cache" | wc -l | tr -d ' ')"

# 3. The JDK changed (java replaced by a 17): asked again, and no longer chosen.
fake_jdk "$work/norel" 17
check "JDK changed: not chosen" false "$([ "$(find_jdk "$work/norel" "$work/cache")" = "$work/norel" ] && echo true || echo false)"
check "JDK changed: java asked again" 2 "$(runs "$work/norel")"
find_jdk "$work/norel" "$work/cache" >/dev/null
check "JDK changed: the new answer is cached" 2 "$(runs "$work/norel")"

# 4. Unwritable cache dir (a path under a regular file): works, asks java each time, says nothing.
: > "$work/not-a-dir"
fake_jdk "$work/nocache" 25
check "unwritable cache: JDK chosen" "$work/nocache" "$(find_jdk "$work/nocache" "$work/not-a-dir/vigil")"
check "unwritable cache: no error output" "" "$(cat "$work/stderr")"
find_jdk "$work/nocache" "$work/not-a-dir/vigil" >/dev/null
check "unwritable cache: java asked each time" 2 "$(runs "$work/nocache")"

# 5. A cache others may write is not trusted: a planted answer (17 -> 25) is ignored.
fake_jdk "$work/planted" 17
mkdir -p "$work/shared"; chmod 777 "$work/shared"
key="$(stat -L -c %i-%s-%Y "$work/planted/bin/java")"
printf '%s\t%s\t25\n' "$work/planted/bin/java" "$key" > "$work/shared/jdk-versions"
check "group/world-writable cache: planted answer ignored" false \
  "$([ "$(find_jdk "$work/planted" "$work/shared")" = "$work/planted" ] && echo true || echo false)"
check "group/world-writable cache: java asked" 1 "$(runs "$work/planted")"
chmod 700 "$work/shared"; chmod 666 "$work/shared/jdk-versions"
check "world-writable cache file: planted answer ignored" false \
  "$([ "$(find_jdk "$work/planted" "$work/shared")" = "$work/planted" ] && echo true || echo false)"
if [ "$(id -u)" = 0 ]; then   # only root can give a directory to another user
  chmod 600 "$work/shared/jdk-versions"; chown 65534 "$work/shared"
  check "cache dir of another user: planted answer ignored" false \
    "$([ "$(find_jdk "$work/planted" "$work/shared")" = "$work/planted" ] && echo true || echo false)"
fi

checks_done
