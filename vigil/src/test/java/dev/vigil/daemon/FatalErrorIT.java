package dev.vigil.daemon;

import static dev.vigil.daemon.ProbeScenes.event;
import static dev.vigil.daemon.ProbeScenes.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 1: an {@code Error} on any daemon thread is fatal and loud. The daemon is started
 * with the documented fault-injection property, which throws an OutOfMemoryError on a thread of
 * its own once the services run; the daemon must say so in one line, stop every service, and exit
 * with {@link Daemon#FATAL} so that an outer supervisor restarts it, instead of living on.
 */
class FatalErrorIT {
    @TempDir
    Path dir;
    private DaemonHarness daemon;

    @AfterEach
    void cleanUp() throws InterruptedException {
        DaemonHarness.closeLeavingNothing(daemon);
    }

    @Test
    void anErrorOnADaemonThreadStopsEveryServiceAndExitsNonZero() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, EndToEnd.sleeper("one") + EndToEnd.sleeper("two"));
        daemon = DaemonHarness.start(config, dir, List.of("-Dvigil.fault.error-after-ms=2000"));
        daemon.awaitEvent(event("service_state_changed", "one", "to", "running"), seconds(60));
        daemon.awaitEvent(event("service_state_changed", "two", "to", "running"), seconds(60));
        long one = ProbeScenes.pidOf(daemon, "one", "one");
        long two = ProbeScenes.pidOf(daemon, "two", "two");

        assertThat(daemon.process().waitFor(90, TimeUnit.SECONDS)).as("the daemon exits; stderr:\n" + daemon.stderr()).isTrue();

        assertThat(daemon.process().exitValue()).as("Daemon.FATAL, documented in docs/CLI.md").isEqualTo(70);
        assertThat(ProcessHandle.of(one).map(ProcessHandle::isAlive)).as("service one stopped").isNotEqualTo(java.util.Optional.of(true));
        assertThat(ProcessHandle.of(two).map(ProcessHandle::isAlive)).as("service two stopped").isNotEqualTo(java.util.Optional.of(true));
        assertThat(daemon.leftovers()).as("nothing left running").isEmpty();
        List<String> fatalLines = daemon.stderr().lines().filter(l -> l.startsWith("vigil daemon: fatal:")).toList();
        assertThat(fatalLines).as("one loud line on stderr:\n" + daemon.stderr()).hasSize(1);
        assertThat(fatalLines.getFirst()).contains("OutOfMemoryError").contains("vigil-fault-injection");
        assertThat(daemon.events()).as("the JSON log says it too").anyMatch(DaemonHarness.event("daemon_fatal", null,
                java.util.Map.of("thread", "vigil-fault-injection")));
    }
}
