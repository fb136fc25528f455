package dev.vigil.daemon;

import static dev.vigil.daemon.EndToEnd.WAIT;
import static dev.vigil.daemon.EndToEnd.sleeper;
import static dev.vigil.daemon.EndToEnd.stateChanged;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.daemon.DaemonHarness.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil reload} and SIGHUP against the real daemon: new services start, removed ones stop
 * and leave the list, changed ones restart (new PID), unchanged ones keep their PID; an invalid
 * config is rejected with every problem and nothing running changes.
 */
class ReloadIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;
    private Path config;

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private void start(String toml) throws Exception {
        config = dir.resolve("vigil.toml");
        Files.writeString(config, toml);
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
    }

    @Test
    void vigilReloadAddsRemovesRestartsTheChangedAndLeavesTheRestAlone() throws Exception {
        start(sleeper("keep") + sleeper("change") + sleeper("drop"));
        Map<String, List<Long>> before = EndToEnd.pids(daemon);
        long dropped = before.get("drop").getFirst();

        Files.writeString(config, sleeper("keep") + EndToEnd.shService("change", "exec sleep 601") + sleeper("add"));
        CliResult reload = daemon.cli("reload", "--json");
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
        JsonNode result = reload.json();
        EndToEnd.assertKeys(result, "added", "removed", "changed", "unchanged", "adopted");
        assertThat(names(result.get("added"))).containsExactly("add");
        assertThat(names(result.get("removed"))).containsExactly("drop");
        assertThat(names(result.get("changed"))).containsExactly("change");
        assertThat(names(result.get("unchanged"))).containsExactly("keep");

        Map<String, List<Long>> after = Awaitility.await().atMost(WAIT).until(() -> EndToEnd.pids(daemon),
                pids -> pids.getOrDefault("change", List.of()).size() == 1 && !pids.get("change").equals(before.get("change"))
                        && pids.getOrDefault("add", List.of()).size() == 1);
        assertThat(after).as("the removed service leaves the list").containsOnlyKeys("keep", "change", "add");
        assertThat(after.get("keep")).as("unchanged: same PID").isEqualTo(before.get("keep"));
        assertThat(after.get("change")).as("changed: restarted").hasSize(1).isNotEqualTo(before.get("change"));
        assertThat(after.get("add")).as("added: started").hasSize(1);
        assertThat(ProcessHandle.of(dropped).filter(ProcessHandle::isAlive)).as("removed: stopped").isEmpty();
        assertThat(EndToEnd.states(daemon)).containsEntry("add", "running").containsEntry("change", "running");

        CliResult text = daemon.cli("reload");
        assertThat(text.exitCode()).isZero();
        assertThat(text.stdout()).contains("added:").contains("unchanged:").contains("add, change, keep");
    }

    @Test
    void sighupReloadsLikeTheCommand() throws Exception {
        start(sleeper("keep") + sleeper("change") + sleeper("drop"));
        Map<String, List<Long>> before = EndToEnd.pids(daemon);

        Files.writeString(config, sleeper("keep") + EndToEnd.shService("change", "exec sleep 601") + sleeper("add"));
        int from = daemon.eventCount();
        hangUp();
        JsonNode reloaded = daemon.awaitEvent(from, DaemonHarness.event("config_reloaded", null, Map.of()), WAIT);
        assertThat(names(reloaded.get("added"))).containsExactly("add");
        assertThat(names(reloaded.get("removed"))).containsExactly("drop");
        assertThat(names(reloaded.get("changed"))).containsExactly("change");
        assertThat(names(reloaded.get("unchanged"))).containsExactly("keep");

        // config_reloaded comes once the change is decided; the new processes come up after it.
        Map<String, List<Long>> after = Awaitility.await().atMost(WAIT).until(() -> EndToEnd.pids(daemon),
                pids -> pids.getOrDefault("change", List.of()).size() == 1 && !pids.get("change").equals(before.get("change"))
                        && pids.getOrDefault("add", List.of()).size() == 1);
        assertThat(after).containsOnlyKeys("keep", "change", "add");
        assertThat(after.get("keep")).isEqualTo(before.get("keep"));
        assertThat(after.get("change")).hasSize(1).isNotEqualTo(before.get("change"));
    }

    @Test
    void anInvalidConfigIsRejectedWithEveryProblemAndNothingChanges() throws Exception {
        start(sleeper("keep") + sleeper("other"));
        Map<String, List<Long>> before = EndToEnd.pids(daemon);

        // Two independent problems, plus a new service that must not start.
        Files.writeString(config, sleeper("keep", "restart = \"sometimes\"") + sleeper("other", "colour = \"blue\"")
                + sleeper("new"));
        CliResult reload = daemon.cli("reload");
        assertThat(reload.exitCode()).isEqualTo(1);
        assertThat(reload.stderr()).contains("services.keep.restart").contains("sometimes")
                .contains("services.other.colour").contains("unknown key");
        assertThat(reload.stdout()).isEmpty();

        int from = daemon.eventCount();
        hangUp();
        JsonNode rejected = daemon.awaitEvent(from, DaemonHarness.event("config_rejected", null, Map.of()), WAIT);
        assertThat(rejected.get("level").asText()).isEqualTo("warn");
        assertThat(rejected.toString()).contains("services.keep.restart").contains("services.other.colour");

        assertThat(EndToEnd.pids(daemon)).as("every PID unchanged, nothing added").isEqualTo(before);
    }

    @Test
    void aChangedServiceThatWasStoppedByHandStaysDownButItsSpecIsTaken() throws Exception {
        start(sleeper("manual"));
        assertThat(daemon.cli("stop", "manual").exitCode()).isZero();
        Files.writeString(config, EndToEnd.shService("manual", "exec sleep 601"));
        CliResult reload = daemon.cli("reload", "--json");
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
        assertThat(names(reload.json().get("changed"))).containsExactly("manual");
        int from = daemon.eventCount();
        assertThat(daemon.cli("start", "manual").exitCode()).isZero();
        daemon.awaitEvent(from, stateChanged("manual", "running"), WAIT);
    }

    /** SIGHUP to the harness's daemon, by its PID. */
    private void hangUp() throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(daemon.process().pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    private static List<String> names(JsonNode array) {
        assertThat(array.isArray()).as("%s is a list", array).isTrue();
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
