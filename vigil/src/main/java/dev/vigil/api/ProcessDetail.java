package dev.vigil.api;

import java.time.Instant;

/** One process of a service in {@code vigil.status}. */
@Doc("One process of a service")
public record ProcessDetail(
        @Doc("the process's name within the service") String name,
        @Doc("its PID while it runs") @Nullable Long pid,
        @Doc("its process group while it runs") @Nullable Long pgid,
        @Doc("when the current instance started") @Nullable Instant startedAt,
        @Doc("milliseconds since it started") @Nullable Long uptimeMs,
        @Doc("whether it is running now") boolean alive,
        @Doc("how it last ended, if it ever did") @Nullable ProcessExit lastExit,
        @Doc("its notify channel (type = notify, or a watchdog); null for a process without one") @Nullable NotifyDetail notifyChannel,
        @Doc("memory_max/cpu_max and whether they are enforced; null when it has none") @Nullable CgroupLimits limits) {

    /** A process without cgroup limits. */
    public ProcessDetail(String name, Long pid, Long pgid, Instant startedAt, Long uptimeMs, boolean alive,
                         ProcessExit lastExit, NotifyDetail notifyChannel) {
        this(name, pid, pgid, startedAt, uptimeMs, alive, lastExit, notifyChannel, null);
    }

    /** A process without a notify channel or cgroup limits. */
    public ProcessDetail(String name, Long pid, Long pgid, Instant startedAt, Long uptimeMs, boolean alive,
                         ProcessExit lastExit) {
        this(name, pid, pgid, startedAt, uptimeMs, alive, lastExit, null, null);
    }
}
