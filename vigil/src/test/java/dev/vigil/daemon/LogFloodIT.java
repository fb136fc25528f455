package dev.vigil.daemon;

import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 1: service output must not exhaust the daemon's heap. A daemon with a 64 MiB heap
 * captures one service writing 100 MB without a newline and three writing 2,000 lines of 40 KB
 * each (before the tail was bounded in bytes, this held 64 MB and 3 x 40 MB of lines and died of
 * OutOfMemoryError), then must still see a SIGKILLed process exit, restart it, and tell the truth
 * in {@code vigil list}.
 */
class LogFloodIT {
    private static final String WIDE_LINE = "line=$(head -c 40000 /dev/zero | tr '\\0' y); i=0; "
            + "while [ $i -lt 2000 ]; do echo \"$line\"; i=$((i+1)); done; echo wide-done; exec sleep 600";

    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void floodsOfOutputLeaveASmallHeapDaemonSupervising() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, EndToEnd.shService("nonl",
                        "head -c 104857600 /dev/zero | tr '\\0' x; echo; echo flood-done; exec sleep 600")
                + EndToEnd.shService("wide1", WIDE_LINE)
                + EndToEnd.shService("wide2", WIDE_LINE)
                + EndToEnd.shService("wide3", WIDE_LINE)
                + EndToEnd.sleeper("victim"));
        daemon = DaemonHarness.start(config, dir, List.of("-Xmx64m"));
        daemon.awaitEvent(event("service_state_changed", "victim", "to", "running"), seconds(60));

        for (String service : List.of("nonl", "wide1", "wide2", "wide3")) {
            String marker = service.equals("nonl") ? "flood-done" : "wide-done";
            await(service + " wrote everything").atMost(seconds(240)).pollInterval(seconds(1))
                    .until(() -> logContains(service, marker));
        }
        assertThat(daemon.process().isAlive()).as("daemon alive; stderr:\n" + daemon.stderr()).isTrue();

        long victim = ProbeScenes.pidOf(daemon, "victim", "victim");
        int mark = daemon.eventCount();
        ProcessHandle.of(victim).orElseThrow().destroyForcibly();
        JsonNode exited = daemon.awaitEvent(mark, event("process_exited", "victim"), seconds(60));
        assertThat(exited.path("signal").asInt()).as(exited.toString()).isEqualTo(9);
        daemon.awaitEvent(mark, event("service_state_changed", "victim", "to", "running"), seconds(60));
        Map<String, List<Long>> pids = EndToEnd.pids(daemon);
        assertThat(pids.get("victim")).as("restarted with a new pid").hasSize(1).doesNotContain(victim);
        assertThat(ProcessHandle.of(pids.get("victim").getFirst()).map(ProcessHandle::isAlive)).contains(true);
        Map<String, String> states = EndToEnd.states(daemon);
        for (String flooder : List.of("nonl", "wide1", "wide2", "wide3")) {
            assertThat(states.get(flooder)).as(flooder).isEqualTo("running");
            long pid = pids.get(flooder).getFirst();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as(flooder + " pid " + pid).contains(true);
        }

        // The 100 MB line was cut, and the cut is marked in the log file and in `vigil logs`.
        String log = Files.readString(daemon.stateDir().resolve("logs/nonl/nonl.log"), StandardCharsets.ISO_8859_1);
        assertThat(log).contains("[vigil: line truncated");
        assertThat(log.length()).as("the log holds the cut line, not 100 MB").isLessThan(1 << 20);
        DaemonHarness.CliResult logs = daemon.cli("logs", "nonl", "-n", "5");
        assertThat(logs.exitCode()).as(logs.stderr()).isZero();
        assertThat(logs.stdout()).contains("[vigil: line truncated").contains("flood-done");

        DaemonHarness.terminateLeavingNothing(daemon, seconds(60));
    }

    private boolean logContains(String service, String marker) throws IOException {
        Path log = daemon.stateDir().resolve("logs/" + service + "/" + service + ".log");
        if (!Files.exists(log)) {
            return false;
        }
        // Only the end: the file is rotated at 10 MiB, and the marker is the last line written.
        try (var file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 4096);
            byte[] end = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(end);
            return new String(end, StandardCharsets.ISO_8859_1).contains(marker);
        }
    }
}
