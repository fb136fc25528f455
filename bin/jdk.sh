# Sourced by the scripts in bin/: finds a JDK 25+ and sets VIGIL_JAVA (the java binary) and JAVA_HOME.
# Order: $VIGIL_JAVA_HOME, $JAVA_HOME (if it is 25+), /usr/lib/jvm/*25*. The machine's default
# java may be 17, so PATH is never trusted.
#
# Finding the version must not start a JVM on every command (that alone cost 73 ms of a
# `vigil list`): a JDK's `release` file names its version. Only a candidate without one is asked
# (`java -XshowSettings:properties -version`), and its answer is cached, keyed by the path and
# mtime of its bin/java, in $VIGIL_CACHE_DIR (default ${XDG_CACHE_HOME:-~/.cache}/vigil). The cache
# is used only if the directory and file belong to this user and nobody else may write them; it is
# replaced atomically (temp file + mv); if it cannot be written the answer is just not cached.

vigil_cache_dir() {
  printf '%s\n' "${VIGIL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil}"
}

# True if PATH is this user's and writable by nobody else (so its content is the user's own).
vigil_owned_private() {
  local mode
  [ -O "$1" ] && [ ! -L "$1" ] || return 1
  mode=$(stat -c %a "$1" 2>/dev/null) || return 1
  (( (8#$mode & 8#022) == 0 ))
}

# Prints the cached major version of the java binary $1 whose mtime is $2, if cached and trusted.
vigil_jdk_cache_get() {
  local dir file path mtime version
  dir="$(vigil_cache_dir)"; file="$dir/jdk-versions"
  vigil_owned_private "$dir" && [ -f "$file" ] && vigil_owned_private "$file" || return 1
  while IFS=$'\t' read -r path mtime version; do
    if [ "$path" = "$1" ] && [ "$mtime" = "$2" ]; then printf '%s\n' "$version"; return 0; fi
  done < "$file"
  return 1
}

# Records major version $3 for java binary $1 with mtime $2; silently does nothing if it cannot.
vigil_jdk_cache_put() {
  local dir file tmp path mtime version
  dir="$(vigil_cache_dir)"; file="$dir/jdk-versions"
  ( umask 077; mkdir -p "$dir" ) 2>/dev/null || return 0
  vigil_owned_private "$dir" || return 0
  tmp="$(umask 077; mktemp "$dir/jdk-versions.XXXXXX" 2>/dev/null)" || return 0
  {
    if [ -f "$file" ] && vigil_owned_private "$file"; then
      while IFS=$'\t' read -r path mtime version; do
        [ "$path" = "$1" ] || printf '%s\t%s\t%s\n' "$path" "$mtime" "$version"
      done < "$file"
    fi
    printf '%s\t%s\t%s\n' "$1" "$2" "$3"
  } > "$tmp" 2>/dev/null && mv -f "$tmp" "$file" 2>/dev/null || rm -f "$tmp"
  return 0
}

# Prints the major Java version of the JDK in directory $1, or nothing.
vigil_jdk_version() {
  local home="$1" java v mtime
  java="$home/bin/java"
  if [ -f "$home/release" ]; then
    # Read in bash, not with sed: every program started here is a millisecond of every command.
    local line
    while IFS= read -r line || [ -n "$line" ]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then printf '%s\n' "${BASH_REMATCH[1]}"; return 0; fi
    done < "$home/release"
  fi
  mtime=$(stat -L -c %i-%s-%Y "$java" 2>/dev/null) || return 0   # inode, size and mtime: a replaced binary is a new key
  if v=$(vigil_jdk_cache_get "$java" "$mtime"); then printf '%s\n' "$v"; return 0; fi
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v="${v%%.*}"
  [ -n "$v" ] || return 0
  vigil_jdk_cache_put "$java" "$mtime" "$v"
  printf '%s\n' "$v"
}

vigil_find_jdk() {
  local candidates=() c v
  [ -n "${VIGIL_JAVA_HOME:-}" ] && candidates+=("$VIGIL_JAVA_HOME")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for c in /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]-* ; do [ -d "$c" ] && candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    v=$(vigil_jdk_version "$c")
    if [ -n "$v" ] && [ "$v" -ge 25 ] 2>/dev/null; then
      JAVA_HOME="$c"; VIGIL_JAVA="$c/bin/java"; export JAVA_HOME VIGIL_JAVA
      return 0
    fi
  done
  echo "vigil: no JDK 25 found (tried \$VIGIL_JAVA_HOME, \$JAVA_HOME, /usr/lib/jvm/*25*). Install Temurin 25 or set VIGIL_JAVA_HOME." >&2
  return 1
}
