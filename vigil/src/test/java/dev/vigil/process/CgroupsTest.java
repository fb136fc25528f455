package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision whether cgroup limits can be enforced, from /proc text and a fake hierarchy. */
class CgroupsTest {
    @TempDir
    Path root;

    @Test
    void cgroupV1OrHybridIsUnavailableWithTheFoundType() {
        String mounts = "proc /proc proc rw 0 0\ntmpfs " + root + " tmpfs ro 0 0\n";

        assertThat(Cgroups.detect(mounts, "0::/\n4:memory:/x\n", root))
                .isEqualTo(new Cgroups.Availability.Unavailable(root + " is tmpfs, not cgroup2 (cgroup v1 or hybrid)"));
    }

    @Test
    void notMountedIsUnavailable() {
        assertThat(Cgroups.detect("proc /proc proc rw 0 0\n", "0::/\n", root))
                .isEqualTo(new Cgroups.Availability.Unavailable(root + " is not mounted"));
    }

    @Test
    void aWritableCgroup2WithMemoryAndCpuIsAvailableBelowTheOwnCgroup() throws Exception {
        Path own = Files.createDirectories(root.resolve("system.slice/vigil.service"));
        Files.writeString(own.resolve("cgroup.subtree_control"), "");
        Files.writeString(own.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");

        assertThat(Cgroups.detect("cgroup2 " + root + " cgroup2 rw 0 0\n", "0::/system.slice/vigil.service\n", root))
                .isEqualTo(new Cgroups.Availability.Available(own));
    }

    @Test
    void missingControllersAreNamed() throws Exception {
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Files.writeString(root.resolve("cgroup.controllers"), "pids\n");

        assertThat(Cgroups.detect("cgroup2 " + root + " cgroup2 rw 0 0\n", "0::/\n", root))
                .isEqualTo(new Cgroups.Availability.Unavailable(root + " offers controllers [pids], not memory and cpu"));
    }
}
