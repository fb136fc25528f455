package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil run} copies service output to its stdout; with that stdout stalled (a pipe nobody
 * reads) capture into the log files goes on, supervision and the control socket answer, and the
 * lines that could not be copied are dropped and counted.
 */
class StalledRunStdoutIT {
    @TempDir
    Path dir;
    private Process run;
    private final String runId = UUID.randomUUID().toString();

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (run != null && run.isAlive()) {
            run.toHandle().destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aStalledStdoutDropsCopiesButNeverCaptureOrSupervision() throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, """
                [services.chatty]
                command = ["/bin/sh", "-c", "seq 1 200000; echo chatty-done; exec sleep infinity"]

                [services.victim]
                command = ["/bin/sleep", "infinity"]
                """);
        Path stateDir = dir.resolve("state");
        List<String> command = DaemonHarness.javaCommand("run", "--config", config.toString(), "--state-dir", stateDir.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(DaemonHarness.MARKER, runId);
        run = builder.start();   // stdout and stderr are not read until the end

        Path log = stateDir.resolve("logs").resolve("chatty").resolve("chatty.log");
        await("all 200,000 lines captured into the log file").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(log) && Files.readString(log).contains("chatty-done"));
        assertThat(run.getInputStream().available()).as("stdout pipe filled up").isGreaterThan(60_000);

        assertThat(cli(stateDir, "probe", "--local", "victim", "--timeout", "10s").exitCode())
                .as("the control socket answers, victim RUNNING").isZero();

        CompletableFuture<String> dropNote = DaemonHarness.firstStdoutLineContaining(run, "lines of service output were dropped");
        String note = dropNote.get(60, TimeUnit.SECONDS);
        assertThat(note).matches("vigil run: \\d+ lines of service output were dropped while stdout could not be written");
        assertThat(Long.parseLong(note.replaceAll("\\D+(\\d+).*", "$1"))).isPositive();

        run.toHandle().destroy();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();
    }

    private static DaemonHarness.CliResult cli(Path stateDir, String... args) throws Exception {
        List<String> command = new ArrayList<>(DaemonHarness.javaCommand());
        command.add("--state-dir");
        command.add(stateDir.toString());
        command.addAll(List.of(args));
        return DaemonHarness.CliResult.run(command);
    }
}
