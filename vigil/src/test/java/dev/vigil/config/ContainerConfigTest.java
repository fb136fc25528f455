package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys {@code vigil run} reads: {@code critical} per service, {@code exit_on_failed} and {@code log_format} in [daemon]. */
class ContainerConfigTest {

    @TempDir
    Path dir;

    @Test
    void criticalExitOnFailedAndLogFormatAreRead() {
        VigilConfig config = valid(write(dir, "services.toml", """
                [daemon]
                exit_on_failed = true
                log_format = "json"

                [services.db]
                command = ["/bin/true"]
                critical = true

                [services.web]
                command = ["/bin/true"]
                """));
        assertThat(config.daemon().exitOnFailed()).isTrue();
        assertThat(config.daemon().logFormat()).isEqualTo(DaemonSettings.LogFormat.JSON);
        assertThat(config.services()).filteredOn(ServiceSpec::critical).extracting(ServiceSpec::name).containsExactly("db");
    }

    @Test
    void defaultsAreNotCriticalNoExitAndPrefix() {
        VigilConfig config = valid(write(dir, "services.toml", """
                [services.web]
                command = ["/bin/true"]
                """));
        assertThat(config.daemon().exitOnFailed()).isFalse();
        assertThat(config.daemon().logFormat()).isEqualTo(DaemonSettings.LogFormat.PREFIX);
        assertThat(config.services().getFirst().critical()).isFalse();
    }

    @Test
    void wrongValuesNameTheirPositionAndWhatIsValid() {
        List<String> lines = problemLines(dir, """
                [daemon]
                exit_on_failed = "yes"
                log_format = "text"

                [services.db]
                command = ["/bin/true"]
                critical = 1
                """);
        assertThat(lines).containsExactly(
                "services.toml:2:18: daemon.exit_on_failed: must be a boolean, not a string, was \"yes\" (true or false)",
                "services.toml:3:14: daemon.log_format: is not a valid choice, was \"text\" (one of \"prefix\", \"json\")",
                "services.toml:7:12: services.db.critical: must be a boolean, not an integer, was 1 (true or false)");
    }

    @Test
    void changingCriticalIsAChangeOfTheService() {
        ServiceSpec plain = valid(write(dir, "a.toml", "[services.db]\ncommand = [\"/bin/true\"]\n")).services().getFirst();
        ServiceSpec critical = valid(write(dir, "a.toml", "[services.db]\ncommand = [\"/bin/true\"]\ncritical = true\n"))
                .services().getFirst();
        assertThat(critical).isNotEqualTo(plain);
    }

    @Test
    void readyGateIsReadDefaultsToTrueAndChangingItIsNoChangeOfTheService() {
        ServiceSpec gated = valid(write(dir, "a.toml", "[services.db]\ncommand = [\"/bin/true\"]\n")).services().getFirst();
        ServiceSpec ungated = valid(write(dir, "a.toml", "[services.db]\ncommand = [\"/bin/true\"]\nready_gate = false\n"))
                .services().getFirst();
        assertThat(gated.readyGate()).isTrue();
        assertThat(ungated.readyGate()).isFalse();
        assertThat(ungated).as("a reload that flips it must not restart the service").isEqualTo(gated);
        assertThat(problemLines(dir, "[services.db]\ncommand = [\"/bin/true\"]\nready_gate = \"no\"\n")).containsExactly(
                "services.toml:3:14: services.db.ready_gate: must be a boolean, not a string, was \"no\" (true or false)");
    }
}
