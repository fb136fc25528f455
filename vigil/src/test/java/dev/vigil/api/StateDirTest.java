package dev.vigil.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirTest {

    @Test
    void resolvesInDocumentedOrder() {
        Map<String, String> env = Map.of("VIGIL_STATE_DIR", "/srv/v", "XDG_STATE_HOME", "/x", "HOME", "/home/u");
        assertThat(StateDir.resolve(Path.of("/explicit"), env, false)).isEqualTo(Path.of("/explicit"));
        assertThat(StateDir.resolve(null, env, false)).isEqualTo(Path.of("/srv/v"));
        assertThat(StateDir.resolve(null, Map.of("XDG_STATE_HOME", "/x", "HOME", "/home/u"), true)).isEqualTo(Path.of("/var/lib/vigil"));
        assertThat(StateDir.resolve(null, Map.of("XDG_STATE_HOME", "/x", "HOME", "/home/u"), false)).isEqualTo(Path.of("/x/vigil"));
        assertThat(StateDir.resolve(null, Map.of("XDG_STATE_HOME", "relative", "HOME", "/home/u"), false))
                .isEqualTo(Path.of("/home/u/.local/state/vigil"));
        assertThat(StateDir.resolve(null, Map.of("VIGIL_STATE_DIR", " ", "HOME", "/home/u"), false))
                .isEqualTo(Path.of("/home/u/.local/state/vigil"));
    }

    @Test
    void theSocketLivesInTheStateDirUnlessGiven() {
        assertThat(StateDir.socket(Path.of("/s"), null)).isEqualTo(Path.of("/s/vigil.sock"));
        assertThat(StateDir.socket(Path.of("/s"), Path.of("/run/other.sock"))).isEqualTo(Path.of("/run/other.sock"));
    }
}
