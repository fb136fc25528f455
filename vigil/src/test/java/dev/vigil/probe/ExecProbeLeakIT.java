package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.ProbeTarget;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 10: an exec probe whose command leaves a {@code setsid} child (a new session, out of
 * the probe's process group) leaked that child and a pipe descriptor per round. 30 rounds, both
 * ending normally (exit 0 at once) and by timeout: afterwards no such child runs and this JVM
 * (the daemon's, in production) holds no more descriptors than before.
 */
class ExecProbeLeakIT {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    /** A sleep argument no other test or program uses, so /proc tells us exactly what this test left. */
    private final String sleepArgument = "86400." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    private final RealProbers prober = new RealProbers();

    @AfterEach
    void closeProbers() {
        prober.close();
    }

    @AfterEach
    void killWhatLeaked() throws IOException {
        for (long pid : sleepers()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aSetsidChildOfAHealthyProbeIsKilledAndNoDescriptorLeaks() throws Exception {
        ProbeTarget.Exec target = exec("sh", "-c", "setsid sleep " + sleepArgument + " & exit 0");
        assertNoLeakOver30Rounds(target, ProbeOutcome.Healthy.class);
    }

    @Test
    void aSetsidChildOfATimedOutProbeIsKilledAndNoDescriptorLeaks() throws Exception {
        ProbeTarget.Exec target = exec("sh", "-c", "setsid sleep " + sleepArgument + " & sleep 30");
        assertNoLeakOver30Rounds(target, ProbeOutcome.TimedOut.class);
    }

    private void assertNoLeakOver30Rounds(ProbeTarget.Exec target, Class<? extends ProbeOutcome> expected) throws Exception {
        assertThat(prober.probe(target, TIMEOUT)).isInstanceOf(expected);   // warms up the JDK's process machinery
        await("no leftover after the first round").atMost(Duration.ofSeconds(10)).until(() -> sleepers().isEmpty());
        long fdsBefore = openDescriptors();
        for (int round = 0; round < 30; round++) {
            assertThat(prober.probe(target, TIMEOUT)).as("round " + round).isInstanceOf(expected);
        }
        // The probe returns once the group is killed; give a straggler sweep a moment, then insist.
        await("no process left with the probe's child").atMost(Duration.ofSeconds(10)).until(() -> sleepers().isEmpty());
        await("descriptors back to the level before the rounds").atMost(Duration.ofSeconds(10))
                .until(() -> openDescriptors() <= fdsBefore + 2);
    }

    /** Live processes running this test's {@code sleep}. */
    private List<Long> sleepers() throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : proc) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
                    String stat = Files.readString(dir.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (cmdline.contains(sleepArgument) && !zombie) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    private static long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static ProbeTarget.Exec exec(String... command) {
        return new ProbeTarget.Exec(List.of(command), Optional.empty());
    }
}
