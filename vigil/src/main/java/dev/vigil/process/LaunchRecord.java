package dev.vigil.process;

import dev.vigil.config.UnixSignal;
import java.time.Duration;
import java.time.Instant;

/**
 * What the daemon must remember about a process it launched, so that a later daemon (after this
 * one was SIGKILLed) can find it and stop it: the identity (pid + startTicks), the group, the
 * instance token its descendants inherit, and how it was to be stopped. {@code startedAt} is kept
 * to the microsecond, the precision of the store, so a record reads back equal to what was written.
 */
public record LaunchRecord(
        String service,
        String process,
        long pid,
        long pgid,
        long startTicks,
        String instanceToken,
        Instant startedAt,
        UnixSignal stopSignal,
        Duration stopTimeout) {

    public LaunchRecord {
        startedAt = startedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /**
     * The record of a process just launched.
     *
     * @throws IllegalArgumentException when the process carries no instance token (a test double)
     */
    public static LaunchRecord of(LaunchRequest request, RunningProcess process) {
        String token = process.instanceToken().orElseThrow(() -> new IllegalArgumentException(
                "process " + request.service() + "/" + request.spec().name() + " has no instance token"));
        return new LaunchRecord(request.service(), request.spec().name(), process.pid(), process.pgid(),
                process.startTicks(), token, process.startedAt(), request.spec().stopSignal(), request.spec().stopTimeout());
    }
}
