package dev.vigil.api;

import java.time.Instant;

/** How a process last ended: by exit code or by signal (exactly one is non-null). */
@Doc("How a process last ended")
public record ProcessExit(
        @Doc("when it ended") Instant at,
        @Doc("exit code, when it exited") @Nullable Integer code,
        @Doc("signal name such as SIGKILL, when a signal ended it") @Nullable String signal,
        @Doc("in words, e.g. 'exited with code 1' or 'killed by SIGKILL'") String description) {
}
