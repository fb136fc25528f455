package dev.vigil.api;

/** A process's {@code memory_max}/{@code cpu_max} in {@code vigil.status}, and whether they hold. */
@Doc("A process's cgroup limits and whether the daemon enforces them")
public record CgroupLimits(
        @Doc("memory_max as configured, e.g. '512MiB'") @Nullable String memoryMax,
        @Doc("cpu_max as configured, e.g. '50%'") @Nullable String cpuMax,
        @Doc("true when the process runs in its own cgroup v2 with these limits") boolean enforced,
        @Doc("the cgroup directory when enforced, else why the limits are not enforced") String detail,
        @Doc("one line for people, e.g. 'memory_max 512MiB NOT enforced: /sys/fs/cgroup is tmpfs, not cgroup2'") String summary) {
}
