package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code restart_on_memory}: the memory probe it becomes, and every bad value with its position. */
class MemoryProbesConfigTest {

    @TempDir
    Path dir;

    private ServiceSpec service(String toml) {
        return valid(write(dir, "services.toml", toml)).services().getFirst();
    }

    @Test
    void oneProcessGetsAProbeNamedMemoryWithTheDefaultIntervalWhenTheServiceHasNoProbes() {
        ServiceSpec web = service("""
                [services.web]
                command = ["/bin/true"]
                restart_on_memory = "400MiB"
                """);
        assertThat(web.processes().getFirst().controls().restartOnMemory()).map(MemoryLimit::bytes).contains(400L << 20);
        ProbeSpec memory = web.probes().getFirst();
        assertThat(memory.name()).isEqualTo("memory");
        assertThat(memory.target()).isEqualTo(new ProbeTarget.Memory("web", "web", 400L << 20));
        assertThat(memory.process()).contains("web");
        assertThat(memory.role()).isEqualTo(ProbeRole.LIVENESS);
        assertThat(memory.failures()).isEqualTo(2);
        assertThat(memory.successes()).isEqualTo(1);
        assertThat(memory.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(memory.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(memory.startGrace()).isZero();
        assertThat(memory.source().line()).isEqualTo(3);
        assertThat(memory.target().kind()).isEqualTo("memory");
        assertThat(memory.target().describe()).isEqualTo("rss of web at most 400MiB");
    }

    @Test
    void theIntervalIsTheShortestOfTheProbesWatchingThatProcessAndRestartAfterIgnoresIt() {
        ServiceSpec app = service("""
                [services.app]
                restart_after = 4
                [services.app.processes.api]
                command = ["/bin/true"]
                restart_on_memory = 1073741824
                [services.app.processes.worker]
                command = ["/bin/true"]
                restart_on_memory = "1.5GiB"
                [services.app.probes.alive]
                kind = "tcp"
                address = "127.0.0.1:1"
                interval = "3s"
                failures = 4
                [services.app.probes.worker-ok]
                kind = "exec"
                command = ["/bin/true"]
                process = "worker"
                interval = "500ms"
                timeout = "200ms"
                [services.app.probes.boot]
                kind = "tcp"
                address = "127.0.0.1:1"
                role = "startup"
                interval = "100ms"
                timeout = "50ms"
                """);
        assertThat(app.restartAfter()).isEqualTo(4);
        ProbeSpec api = app.probes().stream().filter(p -> p.name().equals("memory.api")).findFirst().orElseThrow();
        ProbeSpec worker = app.probes().stream().filter(p -> p.name().equals("memory.worker")).findFirst().orElseThrow();
        assertThat(api.interval()).isEqualTo(Duration.ofSeconds(3));    // the service-wide probe; not the startup one
        assertThat(api.target()).isEqualTo(new ProbeTarget.Memory("app", "api", 1L << 30));
        assertThat(worker.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(worker.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(worker.process()).contains("worker");
        assertThat(worker.target()).isEqualTo(new ProbeTarget.Memory("app", "worker", 3L << 29));
    }

    @Test
    void noKeyNoProbe() {
        assertThat(service("""
                [services.web]
                command = ["/bin/true"]
                """).probes()).isEmpty();
    }

    @Test
    void aLimitMovedByACommentIsTheSameSpec() {
        ServiceSpec before = service("""
                [services.web]
                command = ["/bin/true"]
                restart_on_memory = "400MiB"
                """);
        ServiceSpec after = service("""
                # moved
                [services.web]
                command = ["/bin/true"]
                restart_on_memory = "400MiB"
                """);
        assertThat(after).isEqualTo(before);
        assertThat(after.probes().getFirst().source()).isNotEqualTo(before.probes().getFirst().source());
    }

    @Test
    void badValuesNameFileLineColumnAndField() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true"]
                restart_on_memory = "lots"
                [services.b]
                command = ["/bin/true"]
                restart_on_memory = -5
                [services.c]
                command = ["/bin/true"]
                restart_on_memory = "-400MiB"
                [services.d]
                command = ["/bin/true"]
                restart_on_memory = "512KiB"
                [services.e]
                command = ["/bin/true"]
                restart_on_memory = true
                [services.f]
                command = ["/bin/true"]
                memory_max = "512MiB"
                restart_on_memory = "512MiB"
                [services.g]
                command = ["/bin/true"]
                restart_on_memory = "1.5B"
                """);
        assertThat(lines)
                .anyMatch(l -> l.startsWith("services.toml:3:21: services.a.restart_on_memory: is not a size, was \"lots\""))
                .anyMatch(l -> l.startsWith("services.toml:6:21: services.b.restart_on_memory: must be at least 1MiB, was -5"))
                .anyMatch(l -> l.startsWith("services.toml:9:21: services.c.restart_on_memory: is not a size, was \"-400MiB\""))
                .anyMatch(l -> l.startsWith("services.toml:12:21: services.d.restart_on_memory: must be at least 1MiB, was \"512KiB\""))
                .anyMatch(l -> l.startsWith("services.toml:15:21: services.e.restart_on_memory: must be an integer or a string, not a boolean"))
                .anyMatch(l -> l.startsWith("services.toml:19:21: services.f.restart_on_memory: must be below memory_max (512MiB)"))
                .anyMatch(l -> l.startsWith("services.toml:22:21: services.g.restart_on_memory: is not a whole number of bytes"));
        assertThat(lines).allMatch(l -> l.contains("(a size such as") || l.contains("(a size below memory_max"));
    }

    @Test
    void onAServiceWithProcessTablesItMustBeInTheProcessTable() {
        List<String> lines = problemLines(dir, """
                [services.app]
                restart_on_memory = "400MiB"
                [services.app.processes.api]
                command = ["/bin/true"]
                """);
        assertThat(lines).anyMatch(l -> l.contains("services.app.processes: cannot be combined with process keys directly "
                + "on the service (restart_on_memory)"));
    }

    @Test
    void onAProcessWithoutACommandTheCommandIsWhatIsMissing() {
        List<String> lines = problemLines(dir, """
                [services.app.processes.api]
                restart_on_memory = "400MiB"
                [services.app.processes.worker]
                command = ["/bin/true"]
                restart_on_memory = "400MiB"
                """);
        assertThat(lines).singleElement().satisfies(l -> assertThat(l)
                .startsWith("services.toml:1:1: services.app.processes.api.command: is missing"));
    }

    @Test
    void aProbeAlreadyNamedMemoryIsReportedAtTheLimit() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                restart_on_memory = "400MiB"
                [services.web.probes.memory]
                kind = "tcp"
                address = "127.0.0.1:1"
                """);
        assertThat(lines).containsExactly("services.toml:3:21: services.web.restart_on_memory: adds a probe named memory, "
                + "and the service already has a probe of that name, was 400MiB (another name for [services.web.probes.memory])");
    }

    @Test
    void anUnknownKeyNearItSuggestsIt() {
        assertThat(problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                restart_on_memroy = "400MiB"
                """)).anyMatch(l -> l.contains("restart_on_memory"));
    }

    @Test
    void humanSizesForReasons() {
        assertThat(ByteSizes.human(451_936_256L)).isEqualTo("431 MiB");
        assertThat(ByteSizes.human(400L << 20)).isEqualTo("400 MiB");
        assertThat(ByteSizes.human(3L << 29)).isEqualTo("1.5 GiB");
        assertThat(ByteSizes.human(900 * 1024)).isEqualTo("900 KiB");
        assertThat(ByteSizes.human(12)).isEqualTo("12 B");
        assertThat(Optional.of(ByteSizes.format(400L << 20))).contains("400MiB");
    }
}
