package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NotifySocketPathsTest {

    private static final Path DIR = Path.of("/var/lib/vigil/notify");

    @Test
    void plainNamesGiveAReadablePath() throws IOException {
        assertThat(NotifySocketPaths.pathFor(DIR, "web", "main"))
                .isEqualTo(Path.of("/var/lib/vigil/notify/web.main.notify"));
    }

    @Test
    void namesWithOddCharactersGetTheHashedName() throws IOException {
        assertThat(NotifySocketPaths.pathFor(DIR, "../etc", "main").getFileName().toString())
                .matches("n-[0-9a-f]{16}\\.notify");
        assertThat(NotifySocketPaths.pathFor(DIR, "web", "a b").getParent()).isEqualTo(DIR);
    }

    @Test
    void tooLongGetsTheHashedNameStableAndDistinctPerProcess() throws IOException {
        String longName = "x".repeat(100);
        Path first = NotifySocketPaths.pathFor(DIR, longName, "main");
        assertThat(first.getFileName().toString()).matches("n-[0-9a-f]{16}\\.notify");
        assertThat(NotifySocketPaths.pathFor(DIR, longName, "main")).isEqualTo(first);
        assertThat(NotifySocketPaths.pathFor(DIR, longName, "other")).isNotEqualTo(first);
        // service/process boundaries matter: "a"+"bc" is not "ab"+"c"
        assertThat(NotifySocketPaths.pathFor(DIR, "a b", "c")).isNotEqualTo(NotifySocketPaths.pathFor(DIR, "a", "b c"));
    }

    @Test
    void exactlyTheLimitStillGetsTheReadableName() throws IOException {
        String service = "s".repeat(NotifySocketPaths.MAX_PATH_BYTES - (DIR + "/.main.notify").length());
        Path path = NotifySocketPaths.pathFor(DIR, service, "main");
        assertThat(path.toString()).hasSize(NotifySocketPaths.MAX_PATH_BYTES).endsWith(".main.notify");
        assertThat(NotifySocketPaths.pathFor(DIR, service + "s", "main").getFileName().toString()).startsWith("n-");
    }

    @Test
    void aDirectoryTooLongForAnyNameFails() {
        Path deep = Path.of("/" + "d".repeat(95));
        assertThatThrownBy(() -> NotifySocketPaths.pathFor(deep, "web", "main"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("notify socket directory " + deep + " is too long");
    }
}
