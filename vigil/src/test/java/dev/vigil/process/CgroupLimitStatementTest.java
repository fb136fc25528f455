package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ProcessControls;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** One wording for "is memory_max/cpu_max enforced here", from the availability answer (faked for the enforced case). */
class CgroupLimitStatementTest {

    private static ProcessControls limits(OptionalLong memory, OptionalInt cpu) {
        return new ProcessControls(Optional.empty(), List.of(), Map.of(), false, OptionalInt.empty(), Map.of(), memory, cpu);
    }

    @Test
    void unavailableSaysNotEnforcedAndWhy() {
        var statement = CgroupLimitStatement.of("web", "web", limits(OptionalLong.of(512L << 20), OptionalInt.of(50)),
                new Cgroups.Availability.Unavailable("/sys/fs/cgroup is tmpfs, not cgroup2 (cgroup v1 or hybrid)")).orElseThrow();
        assertThat(statement.enforced()).isFalse();
        assertThat(statement.memoryMax()).contains("512MiB");
        assertThat(statement.cpuMax()).contains("50%");
        assertThat(statement.describe()).isEqualTo(
                "memory_max 512MiB and cpu_max 50% NOT enforced: /sys/fs/cgroup is tmpfs, not cgroup2 (cgroup v1 or hybrid)");
    }

    @Test
    void availableSaysWhichCgroupHoldsThem() {
        var statement = CgroupLimitStatement.of("web", "api", limits(OptionalLong.empty(), OptionalInt.of(200)),
                new Cgroups.Availability.Available(Path.of("/sys/fs/cgroup/system.slice/vigil.service"))).orElseThrow();
        assertThat(statement.enforced()).isTrue();
        assertThat(statement.memoryMax()).isEmpty();
        assertThat(statement.describe())
                .isEqualTo("cpu_max 200% enforced in cgroup /sys/fs/cgroup/system.slice/vigil.service/vigil.web.api");
    }

    @Test
    void noLimitNoStatement() {
        assertThat(CgroupLimitStatement.of("web", "web", ProcessControls.NONE,
                new Cgroups.Availability.Unavailable("whatever"))).isEmpty();
    }

    @Test
    void thisMachinesAnswerIsAStatementEitherWay() {
        // Whatever this machine offers, a process with a limit is told one thing or the other, never nothing.
        var statement = CgroupLimitStatement.of("web", "web", limits(OptionalLong.of(1L << 30), OptionalInt.empty()),
                Cgroups.detect()).orElseThrow();
        assertThat(statement.describe()).startsWith("memory_max 1GiB ")
                .containsAnyOf(" NOT enforced: ", " enforced in cgroup /sys/fs/cgroup");
    }
}
