# Sourced by the shell tests here (run by their *IT classes): `check` prints "ok: ..." or
# "FAIL: ..." per check and counts failures; `checks_done` prints "all passed" or exits 1.
# Each test makes its own $work (a temp dir, removed on exit).
set -uo pipefail
failures=0
check() { # check DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok: $1"; else echo "FAIL: $1: expected [$2] got [$3]"; failures=$((failures + 1)); fi
}
# The number of lines in FILE (0 if it does not exist): how many times a fake counted a run.
lines_in() { [ -f "$1" ] && wc -l < "$1" | tr -d ' ' || echo 0; }
checks_done() {
  if [ "$failures" -eq 0 ]; then echo "all passed"; exit 0; fi
  echo "$failures failed"; exit 1
}
