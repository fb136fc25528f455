# Sourced by bench scripts that talk to a fake daemon (dev.vigil.api.FakeDaemonMain, test classes)
# serving N running services over a real control socket. Needs `java`, `jar`, `here` and `work`
# (a temp dir) set; the caller's EXIT trap calls stop_fake_daemon.
#
# start_fake_daemon N: starts it on $work/vigil.sock; its stdin is a fifo held open by the caller
# (fd 9), so it also exits when the caller does.
fake_pid=""
start_fake_daemon() {
  mkfifo "$work/stdin"
  "$java" -cp "$jar:$here/vigil/target/test-classes" dev.vigil.api.FakeDaemonMain "$work/vigil.sock" "$1" \
    < "$work/stdin" > "$work/fake.log" 2>&1 &
  fake_pid=$!
  exec 9>"$work/stdin"
  for _ in $(seq 100); do [ -S "$work/vigil.sock" ] && break; sleep 0.1; done
  [ -S "$work/vigil.sock" ] || { cat "$work/fake.log" >&2; return 1; }
}
stop_fake_daemon() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
}
