package dev.vigil.daemon;

import static dev.vigil.daemon.EndToEnd.WAIT;
import static dev.vigil.daemon.EndToEnd.sleeper;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload after an edit that changes only where services are written (comments, blank lines,
 * moved tables) restarts nothing; a real change restarts only the service it touches. Before, the
 * comparison included each spec's line and column, so a comment at the top restarted everything.
 */
class CosmeticReloadIT {

    /** A probe too, so that probe specs (which carry their own position) are compared as well. */
    private static final String PROBE = """
            [services.%s.probes.alive]
            kind = "exec"
            command = ["/bin/true"]
            interval = "1s"

            """;

    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    @Test
    void commentsAndBlankLinesRestartNothingAndAChangedCommandRestartsOnlyItsService() throws Exception {
        Path config = dir.resolve("vigil.toml");
        String first = sleeper("one") + PROBE.formatted("one");
        String second = sleeper("two") + PROBE.formatted("two");
        Files.writeString(config, first + second);
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
        Map<String, List<Long>> before = EndToEnd.pids(daemon);
        assertThat(before.get("one")).hasSize(1);
        assertThat(before.get("two")).hasSize(1);

        Files.writeString(config, "# the services of this host\n# (reviewed 2026-11-29)\n\n\n" + first
                + "\n# the second one\n\n" + second + "\n\n# end\n");
        JsonNode cosmetic = reload();
        assertThat(names(cosmetic.get("changed"))).as("a cosmetic edit changes nothing").isEmpty();
        assertThat(names(cosmetic.get("unchanged"))).containsExactlyInAnyOrder("one", "two");
        assertThat(EndToEnd.pids(daemon)).as("no PID changes").isEqualTo(before);

        Files.writeString(config, "# the services of this host\n\n" + first
                + EndToEnd.shService("two", "exec sleep 601") + PROBE.formatted("two"));
        JsonNode real = reload();
        assertThat(names(real.get("changed"))).containsExactly("two");
        assertThat(names(real.get("unchanged"))).containsExactly("one");
        // The reload answers once the change is decided; the new process of "two" comes up after.
        Map<String, List<Long>> after = Awaitility.await().atMost(WAIT)
                .until(() -> EndToEnd.pids(daemon), pids -> pids.get("two").size() == 1
                        && !pids.get("two").equals(before.get("two")));
        assertThat(after.get("one")).as("untouched: same PID").isEqualTo(before.get("one"));
        assertThat(after.get("two")).as("changed command: restarted").hasSize(1).isNotEqualTo(before.get("two"));
    }

    private JsonNode reload() throws Exception {
        CliResult reload = daemon.cli("reload", "--json");
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
        return reload.json();
    }

    private static List<String> names(JsonNode array) {
        assertThat(array.isArray()).as("%s is a list", array).isTrue();
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
