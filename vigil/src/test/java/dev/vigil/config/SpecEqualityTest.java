package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two specs are the same service when they say the same thing, wherever in a file they are written. */
class SpecEqualityTest {

    private static final String SERVICE = """
            [services.web]
            command = ["/bin/sleep", "600"]
            [services.web.probes.health]
            kind = "tcp"
            address = "127.0.0.1:8080"
            """;

    @TempDir
    Path dir;

    private ServiceSpec load(String name, String toml) {
        return ConfigFiles.valid(write(dir, name, toml)).services().getFirst();
    }

    @Test
    void theSameServiceMovedDownByCommentsIsEqual() {
        ServiceSpec before = load("a.toml", SERVICE);
        ServiceSpec after = load("b.toml", "# a comment\n\n# another\n" + SERVICE);
        assertThat(after.source().line()).isEqualTo(before.source().line() + 3);
        assertThat(after.probes().getFirst().source()).isNotEqualTo(before.probes().getFirst().source());
        assertThat(after).isEqualTo(before).hasSameHashCodeAs(before);
        assertThat(after.probes().getFirst()).isEqualTo(before.probes().getFirst());
    }

    @Test
    void aChangedCommandOrProbeIsNotEqual() {
        ServiceSpec before = load("a.toml", SERVICE);
        assertThat(load("b.toml", SERVICE.replace("600", "601"))).isNotEqualTo(before);
        assertThat(load("c.toml", SERVICE.replace("8080", "8081"))).isNotEqualTo(before);
        assertThat(load("d.toml", SERVICE + "interval = \"5s\"\n")).isNotEqualTo(before);
    }
}
