package dev.vigil.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether Vigil can give processes their own cgroup v2 (for {@code memory_max} and
 * {@code cpu_max}), and where: the unified hierarchy must be mounted at /sys/fs/cgroup, the
 * daemon's own cgroup must be writable (root, or delegated to the daemon's user) and offer the
 * {@code memory} and {@code cpu} controllers. Per-process cgroups are created below the daemon's
 * own cgroup. Cgroup v1 and hybrid set-ups are not supported: the limits are then not enforced,
 * and {@code vigil check} and the daemon's log say so.
 */
public final class Cgroups {

    /** The answer of {@link #detect}. */
    public sealed interface Availability {
        /** Per-process cgroups can be created in {@code parent}. */
        record Available(Path parent) implements Availability {
            /** The cgroup of {@code process} of {@code service}: {@code PARENT/vigil.SERVICE.PROCESS}. */
            public Path dirFor(String service, String process) {
                return parent.resolve("vigil." + service + "." + process);
            }
        }

        /** Why not, in words for the operator. */
        record Unavailable(String reason) implements Availability {}
    }

    static final Path MOUNT_POINT = Path.of("/sys/fs/cgroup");

    private Cgroups() {
    }

    /** This machine, as seen by this JVM. Reads a few small /proc files; never throws. */
    public static Availability detect() {
        try {
            return detect(read(Path.of("/proc/self/mounts")), read(Path.of("/proc/self/cgroup")), MOUNT_POINT);
        } catch (IOException e) {
            return new Availability.Unavailable("cannot read /proc/self/mounts or /proc/self/cgroup: " + e.getMessage());
        }
    }

    /** The decision from the text of /proc/self/mounts and /proc/self/cgroup, the hierarchy at {@code mountPoint}. */
    static Availability detect(String mounts, String selfCgroup, Path mountPoint) {
        Optional<String> type = mounts.lines().map(l -> l.split(" "))
                .filter(f -> f.length > 2 && f[1].equals(mountPoint.toString())).map(f -> f[2]).reduce((a, b) -> b);
        if (type.isEmpty()) {
            return new Availability.Unavailable(mountPoint + " is not mounted");
        }
        if (!type.get().equals("cgroup2")) {
            return new Availability.Unavailable(mountPoint + " is " + type.get() + ", not cgroup2 (cgroup v1 or hybrid)");
        }
        Optional<String> own = selfCgroup.lines().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst();
        if (own.isEmpty()) {
            return new Availability.Unavailable("this process has no cgroup v2 path in /proc/self/cgroup");
        }
        Path parent = mountPoint.resolve(own.get().replaceFirst("^/+", ""));
        if (!Files.isWritable(parent) || !Files.isWritable(parent.resolve("cgroup.subtree_control"))) {
            return new Availability.Unavailable(parent + " is not writable by the daemon (run as root or delegate it)");
        }
        try {
            List<String> controllers = List.of(read(parent.resolve("cgroup.controllers")).strip().split("\\s+"));
            if (!controllers.contains("memory") || !controllers.contains("cpu")) {
                return new Availability.Unavailable(parent + " offers controllers " + controllers + ", not memory and cpu");
            }
        } catch (IOException e) {
            return new Availability.Unavailable("cannot read " + parent.resolve("cgroup.controllers") + ": " + e.getMessage());
        }
        return new Availability.Available(parent);
    }

    /** Small kernel files report size 0, so they are read as a stream, bounded. */
    static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
