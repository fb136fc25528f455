package dev.vigil.daemon;

import static dev.vigil.daemon.Spine.awaitState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.process.Cgroups;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil check} and {@code vigil status SERVICE} (text and JSON) say for each process with
 * {@code memory_max}/{@code cpu_max} whether the limit holds, and why not. Runs on any machine: on
 * one without a usable cgroup v2 (cgroup v1, not delegated, not root) it must say NOT enforced with
 * the reason; where cgroups are usable it must name the process's cgroup. The expected answer is
 * this JVM's own look at the machine, which the daemon (same user, same cgroup) shares.
 */
class CgroupLimitsStatusIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void checkAndStatusSayWhetherTheLimitsAreEnforcedAndWhy() throws Exception {
        Path config = Spine.config(dir, Spine.service("capped", List.of("/bin/sleep", "300"),
                "memory_max = \"256MiB\"", "cpu_max = \"50%\"")
                + Spine.service("free", List.of("/bin/sleep", "300")));
        Cgroups.Availability here = Cgroups.detect();
        String expected = switch (here) {
            case Cgroups.Availability.Unavailable u -> "memory_max 256MiB and cpu_max 50% NOT enforced: " + u.reason();
            case Cgroups.Availability.Available a ->
                    "memory_max 256MiB and cpu_max 50% enforced in cgroup " + a.dirFor("capped", "capped");
        };
        boolean enforced = here instanceof Cgroups.Availability.Available;

        daemon = DaemonHarness.start(config, dir);
        DaemonHarness.CliResult check = daemon.cli("check", config.toString());
        assertThat(check.exitCode()).isZero();
        JsonNode checkJson = daemon.cli("check", config.toString(), "--json").json();
        if (enforced) {
            assertThat(check.stdout()).doesNotContain("NOT enforced");
            assertThat(checkJson.path("notes")).isEmpty();
        } else {
            assertThat(check.stdout()).contains("note: services.capped process capped: " + expected
                    + " (as seen by vigil check; vigil status capped says what the daemon found)");
            assertThat(check.stdout()).doesNotContain("services.free");
            assertThat(checkJson.path("notes")).singleElement()
                    .satisfies(n -> assertThat(n.asText()).contains(expected));
        }

        awaitState(daemon, 0, "capped", "running");
        DaemonHarness.CliResult status = daemon.cli("status", "capped");
        assertThat(status.stdout()).contains("Limits\n  capped: " + expected + "\n");

        JsonNode limits = daemon.cli("status", "capped", "--json").json().path("processes").get(0).path("limits");
        assertThat(limits.path("memory_max").asText()).isEqualTo("256MiB");
        assertThat(limits.path("cpu_max").asText()).isEqualTo("50%");
        assertThat(limits.path("enforced").asBoolean()).isEqualTo(enforced);
        assertThat(limits.path("summary").asText()).isEqualTo(expected);

        awaitState(daemon, 0, "free", "running");
        assertThat(daemon.cli("status", "free").stdout()).doesNotContain("Limits");
        JsonNode none = daemon.cli("status", "free", "--json").json().path("processes").get(0).path("limits");
        assertThat(none.isNull() || none.isMissingNode()).as("null or absent for a process without limits").isTrue();
    }
}
