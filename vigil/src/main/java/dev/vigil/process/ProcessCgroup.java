package dev.vigil.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The cgroup of one process, {@code PARENT/vigil.SERVICE.PROCESS}: created (or reused) before the
 * spawn with its limits written, joined by the process itself before exec (the {@code sh} link
 * of {@link ExecHelpers}), killed as a whole with {@code cgroup.kill} (every process in it, however
 * it escaped its process group), removed once empty.
 */
final class ProcessCgroup {
    /** cpu.max period in microseconds (the kernel's default). */
    private static final long PERIOD_MICROS = 100_000;

    private final Path dir;

    private ProcessCgroup(Path dir) {
        this.dir = dir;
    }

    /**
     * Prepares the cgroup. The daemon must leave {@code parent} for the controllers to be enabled
     * in its children (cgroup v2 allows no processes in an inner node except the root), so when
     * enabling them is refused the daemon moves itself into {@code parent/vigil.daemon} and retries.
     */
    static ProcessCgroup create(Cgroups.Availability.Available cgroups, String service, String process,
            OptionalLong memoryMax, OptionalInt cpuMaxPercent) throws LaunchException {
        Path parent = cgroups.parent();
        Path dir = cgroups.dirFor(service, process);
        try {
            enableControllers(parent);
            if (Files.isDirectory(dir)) {
                Files.writeString(dir.resolve("cgroup.kill"), "1");     // what an earlier run left behind
            } else {
                Files.createDirectory(dir);
            }
            Files.writeString(dir.resolve("memory.max"), memoryMax.isPresent() ? Long.toString(memoryMax.getAsLong()) : "max");
            Files.writeString(dir.resolve("cpu.max"), cpuMaxPercent.isPresent()
                    ? cpuMaxPercent.getAsInt() * PERIOD_MICROS / 100 + " " + PERIOD_MICROS : "max " + PERIOD_MICROS);
        } catch (IOException e) {
            throw new LaunchException("cannot prepare cgroup " + dir + ": " + e.getMessage(), e);
        }
        return new ProcessCgroup(dir);
    }

    private static void enableControllers(Path parent) throws IOException {
        String enabled = Cgroups.read(parent.resolve("cgroup.subtree_control"));
        if (enabled.contains("memory") && enabled.contains("cpu")) {
            return;
        }
        try {
            Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +cpu");
        } catch (IOException busy) {
            // EBUSY: the daemon itself sits in parent. Only the daemon moves (never other
            // processes that share its cgroup); if others are there too, the retry fails and says so.
            Path daemon = parent.resolve("vigil.daemon");
            if (!Files.isDirectory(daemon)) {
                Files.createDirectory(daemon);
            }
            Files.writeString(daemon.resolve("cgroup.procs"), Long.toString(ProcessHandle.current().pid()));
            Files.writeString(parent.resolve("cgroup.subtree_control"), "+memory +cpu");
        }
    }

    /** The file a process writes its PID to, to join. */
    Path procs() {
        return dir.resolve("cgroup.procs");
    }

    Path dir() {
        return dir;
    }

    /** Kills every process in the cgroup (Linux 5.14+); false when the kernel has no cgroup.kill. */
    boolean kill() {
        try {
            Files.writeString(dir.resolve("cgroup.kill"), "1");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Removes the cgroup once empty; a cgroup still populated stays (and is reused by the next start). */
    void removeIfEmpty() {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // EBUSY: something still runs in it; the next start kills and reuses it.
        }
    }
}
