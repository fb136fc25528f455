package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.ProbeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The exec prober with real commands. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecProberIT {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private final RealProbers prober = new RealProbers();

    @AfterEach
    void closeProbers() {
        prober.close();
    }

    @TempDir
    Path dir;

    @Test
    void exitZeroIsHealthy() {
        assertThat(prober.probe(exec("true"), TIMEOUT).describe()).startsWith("exit 0 in ");
    }

    @Test
    void nonZeroExitIsAFailureWithItsOutput() {
        ProbeOutcome outcome = prober.probe(exec("sh", "-c", "echo database unreachable >&2; exit 3"), TIMEOUT);
        assertThat(outcome).isInstanceOf(ProbeOutcome.Unhealthy.class);
        assertThat(outcome.describe()).isEqualTo("exit status 3: database unreachable");
    }

    @Test
    void missingBinaryIsUnprobeable() {
        ProbeOutcome outcome = prober.probe(exec("no-such-binary-vigil"), TIMEOUT);
        assertThat(outcome).isEqualTo(new ProbeOutcome.Unprobeable("command not found or not executable: no-such-binary-vigil"));
    }

    @Test
    void timeoutKillsTheWholeProcessGroup() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        // The command starts a background grandchild that would outlive a kill of the direct child only.
        ProbeTarget.Exec target = exec("sh", "-c", "sleep 30 & echo $! > " + pidFile + "; wait");
        long start = System.nanoTime();
        ProbeOutcome outcome = prober.probe(target, TIMEOUT);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(outcome).isEqualTo(new ProbeOutcome.TimedOut(TIMEOUT));
        assertThat(took).isLessThan(TIMEOUT.plusMillis(1000));
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
        } finally {
            ProcessHandle.of(grandchild).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private ProbeTarget.Exec exec(String... command) {
        return new ProbeTarget.Exec(List.of(command), Optional.of(dir));
    }
}
