package dev.vigil.process;

/** How a process ended: an exit code, or death by a signal. */
public sealed interface ExitStatus {

    /** True for exit code 0: what {@code restart = "on-failure"} does not restart. */
    boolean clean();

    record Exited(int code) implements ExitStatus {
        @Override
        public boolean clean() {
            return code == 0;
        }

        @Override
        public String toString() {
            return "exit code " + code;
        }
    }

    record Signaled(int signal) implements ExitStatus {
        @Override
        public boolean clean() {
            return false;
        }

        @Override
        public String toString() {
            return dev.vigil.config.UnixSignal.ofNumber(signal)
                    .map(s -> "killed by SIG" + s.name())
                    .orElse("killed by signal " + signal);
        }
    }
}
