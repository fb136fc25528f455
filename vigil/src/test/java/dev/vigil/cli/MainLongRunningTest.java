package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which command lines keep the JDK's reflection accessors (the daemon) and which take the JNI ones (one-shot clients). */
class MainLongRunningTest {

    @Test
    void theDaemonAndRunAreLongRunningClientsAreNot() {
        assertThat(Main.longRunning("daemon", "--config", "vigil.toml")).isTrue();
        assertThat(Main.longRunning("--state-dir", "/tmp/s", "run", "--config", "x.toml")).isTrue();
        assertThat(Main.longRunning("list")).isFalse();
        assertThat(Main.longRunning("status", "web", "--json")).isFalse();
        assertThat(Main.longRunning()).isFalse();
    }
}
