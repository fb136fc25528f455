package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.api.CgroupLimits;
import dev.vigil.api.ServiceDetail;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.Cgroups;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorSnapshot.ProcessView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code vigil.status} says of each process's cgroup limits, for both answers of the launcher. */
class CgroupLimitViewsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;

    private VigilConfig config() throws Exception {
        Files.writeString(dir.resolve("services.toml"), """
                [services.app.processes.api]
                command = ["/bin/true"]
                memory_max = "512MiB"
                [services.app.processes.worker]
                command = ["/bin/true"]
                [services.other]
                command = ["/bin/true"]
                cpu_max = "50%"
                """);
        return ((LoadResult.Valid) new ConfigLoader("/usr/bin:/bin").load(dir)).config();
    }

    private static ServiceView app() {
        return new ServiceView("app", StateKind.RUNNING, "", T0, List.of(process("api"), process("worker")), 0,
                Optional.empty(), List.of(), Optional.empty());
    }

    private static ProcessView process(String name) {
        return new ProcessView(name, 4242, 4242, Optional.of(T0), Optional.empty(), true, 1, "", Optional.empty());
    }

    @Test
    void notEnforcedIsSaidWithTheReasonOnTheProcessThatHasALimit() throws Exception {
        VigilConfig config = config();
        CgroupLimitViews views = new CgroupLimitViews(() -> config,
                new Cgroups.Availability.Unavailable("/sys/fs/cgroup is tmpfs, not cgroup2 (cgroup v1 or hybrid)"));
        ServiceDetail detail = ApiViews.detail(app(), T0, List.of(), views.of("app"));

        assertThat(detail.processes().get(0).limits()).isEqualTo(new CgroupLimits("512MiB", null, false,
                "/sys/fs/cgroup is tmpfs, not cgroup2 (cgroup v1 or hybrid)",
                "memory_max 512MiB NOT enforced: /sys/fs/cgroup is tmpfs, not cgroup2 (cgroup v1 or hybrid)"));
        assertThat(detail.processes().get(1).limits()).as("worker has no limit").isNull();
        assertThat(views.of("nope")).isEmpty();
    }

    @Test
    void enforcedNamesTheCgroup() throws Exception {
        VigilConfig config = config();
        CgroupLimitViews views = new CgroupLimitViews(() -> config,
                new Cgroups.Availability.Available(Path.of("/sys/fs/cgroup/vigil")));
        assertThat(views.of("other")).containsOnlyKeys("other").hasEntrySatisfying("other", l -> {
            assertThat(l.enforced()).isTrue();
            assertThat(l.cpuMax()).isEqualTo("50%");
            assertThat(l.detail()).isEqualTo("/sys/fs/cgroup/vigil/vigil.other.other");
        });
    }

    @Test
    void theLatestAppliedConfigCounts() throws Exception {
        VigilConfig[] applied = {config()};
        CgroupLimitViews views = new CgroupLimitViews(() -> applied[0], new Cgroups.Availability.Unavailable("no"));
        assertThat(views.of("app")).containsOnlyKeys("api");
        Files.writeString(dir.resolve("services.toml"), "[services.app]\ncommand = [\"/bin/true\"]\n");
        applied[0] = ((LoadResult.Valid) new ConfigLoader("/usr/bin:/bin").load(dir)).config();
        assertThat(views.of("app")).isEmpty();
    }
}
