package dev.vigil.process;

import static dev.vigil.process.Launches.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProcessControls;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.UnixSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memory_max and cpu_max with a real cgroup v2 hierarchy. Where the machine has none (cgroup v1,
 * hybrid, read-only, not root), every test is skipped with the detector's reason, never silently.
 */
class CgroupLimitsIT {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    @TempDir
    Path logs;
    private Launches launches;
    private NativeProcessLauncher launcher;

    @BeforeEach
    void setUp() {
        launcher = new NativeProcessLauncher();
        if (launcher.cgroups() instanceof Cgroups.Availability.Unavailable(String reason)) {
            launcher.close();
            abort("cgroup v2 limits cannot be enforced on this machine, so they are not tested: " + reason);
        }
        launches = new Launches(launcher, logs);
    }

    @AfterEach
    void tearDown() {
        if (launches != null) {
            launches.close();
        }
    }

    @Test
    void eachProcessGetsItsOwnCgroupWithItsLimits() throws Exception {
        RunningProcess p = launches.start(spec(sh("echo ready; exec sleep 1000"), OptionalLong.of(64L << 20), OptionalInt.of(50)));
        await().atMost(LIMIT).until(() -> p.tail(10).stream().anyMatch(l -> l.text().equals("ready")));

        Path dir = ownCgroup(p.pid());
        assertThat(dir.getFileName().toString()).isEqualTo("vigil.svc.p");
        assertThat(Cgroups.read(dir.resolve("memory.max")).strip()).isEqualTo(Long.toString(64L << 20));
        assertThat(Cgroups.read(dir.resolve("cpu.max")).strip()).isEqualTo("50000 100000");
    }

    @Test
    void aProcessThatAllocatesPastMemoryMaxIsKilledByTheKernel() throws Exception {
        // Holds ever more memory in a shell variable until the cgroup's OOM killer ends it.
        RunningProcess p = launches.start(spec(sh("x=a; while :; do x=\"$x$x\"; done"), OptionalLong.of(16L << 20),
                OptionalInt.empty()));

        assertThat(p.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
    }

    @Test
    void killAllEndsEveryProcessInTheCgroupEvenOutsideItsGroup() throws Exception {
        RunningProcess p = launches.start(spec(sh("setsid sleep 1000 & echo ready; exec sleep 1000"), OptionalLong.of(64L << 20),
                OptionalInt.empty()));
        await().atMost(LIMIT).until(() -> p.tail(10).stream().anyMatch(l -> l.text().equals("ready")));
        Path dir = ownCgroup(p.pid());
        await().atMost(LIMIT).until(() -> Cgroups.read(dir.resolve("cgroup.procs")).strip().split("\\s+").length == 2);

        p.killAll();

        p.exit().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(LIMIT).until(() -> !Files.exists(dir) || Cgroups.read(dir.resolve("cgroup.procs")).isBlank());
    }

    private static Path ownCgroup(long pid) throws Exception {
        String line = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream().filter(l -> l.startsWith("0::"))
                .findFirst().orElseThrow();
        return Cgroups.MOUNT_POINT.resolve(line.substring(3).replaceFirst("^/+", ""));
    }

    private static ProcessSpec spec(List<String> command, OptionalLong memoryMax, OptionalInt cpuMax) {
        ProcessControls controls = new ProcessControls(Optional.empty(), List.of(), Map.of(), false, OptionalInt.empty(),
                Map.of(), memoryMax, cpuMax);
        return new ProcessSpec("p", command, Map.of(), Optional.empty(), UnixSignal.TERM, Duration.ofSeconds(10),
                ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, LogSpec.defaults(),
                controls);
    }
}
