package dev.vigil.daemon;

import static dev.vigil.daemon.DaemonHarness.event;
import static dev.vigil.daemon.Spine.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code restart_on_memory} end to end: a real daemon, a service of two python processes in one
 * process group that each allocate ~90 MiB (below the 150 MiB limit alone, above it together).
 * The group's RSS is summed, stays above the limit for two checks, and the process is restarted
 * like a failed liveness probe, with the RSS and the limit in the restart's reason and evidence.
 * Synchronised on the daemon's events only.
 */
class MemoryRestartIT {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Touches every page, so the bytes count as resident (a zeroed bytearray may not). */
    private static final String ALLOCATE = "import time; b = b'x' * (90 << 20); time.sleep(600)";

    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void aGroupAboveItsLimitForTwoChecksIsRestartedWithItsRssInTheReasonAndEvidence() throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), PYTHON + " is needed (bin/install-test-deps installs it)");
        String script = PYTHON + " -c \"" + ALLOCATE + "\" & exec " + PYTHON + " -c \"" + ALLOCATE + "\"";
        String config = Spine.service("hog", List.of("/bin/sh", "-c", script),
                "restart_on_memory = \"150MiB\"", "stop_timeout = \"2s\"")
                // The shortest probe interval of the service is the memory check's interval: 1 s here.
                + "[services.hog.probes.up]\nkind = \"exec\"\ncommand = [\"/bin/true\"]\ninterval = \"1s\"\n\n"
                + Spine.fastBackoff("hog");
        daemon = DaemonHarness.start(Spine.config(dir, config), dir);
        JsonNode started = daemon.awaitEvent(0, event("process_started", "hog", Map.of()), WAIT);

        JsonNode triggered = daemon.awaitEvent(0, event("restart_triggered", "hog", Map.of("process", "hog")), WAIT);
        assertThat(triggered.path("reason").asText())
                .matches("memory: rss \\d+ MiB above restart_on_memory 150 MiB \\(group "
                        + started.path("pid").asLong() + ", 2 processes\\) for 2 checks");
        int rss = Integer.parseInt(triggered.path("reason").asText().replaceAll("memory: rss (\\d+) MiB.*", "$1"));
        assertThat(rss).as("two processes of ~90 MiB each, summed").isGreaterThan(150);

        List<JsonNode> failures = Spine.eventsSince(daemon, 0, "probe_failed", "hog").stream()
                .filter(e -> e.path("probe").asText().equals("memory")).toList();
        assertThat(failures).hasSizeGreaterThanOrEqualTo(2);
        assertThat(failures.getFirst().path("kind").asText()).isEqualTo("memory");

        JsonNode evidence = daemon.awaitEvent(0, event("evidence_collected", "hog", Map.of("process", "hog")), WAIT);
        assertThat(evidence.path("reason").asText()).isEqualTo(triggered.path("reason").asText());
        assertThat(evidence.path("pid").asLong()).isEqualTo(started.path("pid").asLong());

        int mark = daemon.events().indexOf(triggered);
        JsonNode respawned = daemon.awaitEvent(mark, event("process_started", "hog", Map.of()), WAIT);
        assertThat(respawned.path("pid").asLong()).isNotEqualTo(started.path("pid").asLong());

        JsonNode status = daemon.cli("status", "hog", "--json").json();
        JsonNode memory = null;
        for (JsonNode probe : status.path("probes")) {
            if (probe.path("name").asText().equals("memory")) {
                memory = probe;
            }
        }
        assertThat(memory).as("vigil status shows the memory probe").isNotNull();
        assertThat(memory.path("kind").asText()).isEqualTo("memory");
        assertThat(memory.path("role").asText()).isEqualTo("liveness");
        assertThat(memory.path("failure_threshold").asInt()).isEqualTo(2);
        assertThat(status.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
    }
}
