package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The memory probe of {@code restart_on_memory} is never exported as a check; every platform lists it as a loss. */
class MemoryProbeExportTest {
    private static final String SERVICES = """
            [services.api]
            command = ["/bin/sleep", "infinity"]
            restart_on_memory = "400MiB"
            [services.api.probes.live]
            kind = "tcp"
            address = "127.0.0.1:8080"
            """;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Platform.class)
    void leftOutAndListed(Platform platform) {
        Exported exported = Exports.export(platform, Configs.services(dir, SERVICES), ExportOptions.defaults(platform));
        assertThat(exported.text()).doesNotContain("memory").contains("live");
        assertThat(Configs.warnings(exported)).filteredOn(w -> w.contains("restart_on_memory")).singleElement()
                .satisfies(w -> assertThat(w).startsWith("warning: services.api.restart_on_memory: \"400MiB\" -> not exported")
                        .contains("has no restart on resident memory"));
    }

    @Test
    void aServiceWithOnlyAMemoryProbeExportsNoCheck() {
        Exported exported = Exports.export(Platform.DOCKER, Configs.services(dir, """
                [services.api]
                command = ["/bin/sleep", "infinity"]
                restart_on_memory = "400MiB"
                """), ExportOptions.defaults(Platform.DOCKER));
        assertThat(exported.text()).contains("api: no probes to export");
    }
}
