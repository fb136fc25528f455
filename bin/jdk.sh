# Sourced by the scripts in bin/: finds a JDK 25+ and sets VIGIL_JAVA (the java binary) and JAVA_HOME.
# Order: $VIGIL_JAVA_HOME, $JAVA_HOME (if it is 25+), /usr/lib/jvm/*25*. The machine's default
# java may be 17, so PATH is never trusted.
vigil_find_jdk() {
  local candidates=() c v
  [ -n "${VIGIL_JAVA_HOME:-}" ] && candidates+=("$VIGIL_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]-* ; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$c"; VIGIL_JAVA="$c/bin/java"; export JAVA_HOME VIGIL_JAVA
      return 0
    fi
  done
  echo "vigil: no JDK 25 found (tried \$VIGIL_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*25*). Install Temurin 25 or set VIGIL_JAVA_HOME." >&2
  return 1
}
