package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import dev.vigil.config.VigilConfig;
import dev.vigil.process.Cgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vigil check says when memory_max/cpu_max will not be enforced, and is silent when they will. */
class CgroupNotesTest {
    @TempDir
    Path dir;

    private VigilConfig config() throws Exception {
        Files.writeString(dir.resolve("services.toml"), """
                [services.web]
                command = ["/bin/true"]
                memory_max = "512MiB"
                cpu_max = "50%"
                [services.plain]
                command = ["/bin/true"]
                """);
        return ((LoadResult.Valid) new ConfigLoader("/usr/bin:/bin").load(dir)).config();
    }

    @Test
    void unavailableCgroupsAreNamedPerProcessWithTheReason() throws Exception {
        assertThat(CgroupNotes.notes(config(), new Cgroups.Availability.Unavailable("/sys/fs/cgroup is tmpfs")))
                .containsExactly("note: services.web process web: memory_max 512MiB and cpu_max 50% NOT enforced: "
                        + "/sys/fs/cgroup is tmpfs (as seen by vigil check; vigil status web says what the daemon found)");
    }

    @Test
    void availableCgroupsNeedNoNote() throws Exception {
        assertThat(CgroupNotes.notes(config(), new Cgroups.Availability.Available(Path.of("/sys/fs/cgroup")))).isEmpty();
    }
}
