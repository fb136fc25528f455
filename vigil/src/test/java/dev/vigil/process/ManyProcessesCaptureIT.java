package dev.vigil.process;

import static dev.vigil.process.Launches.sh;
import static dev.vigil.process.Launches.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.process.NativeProcessLauncher.ExitWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many real processes on the one capture loop at once, with their exits observed through pidfds
 * and, for the fallback, by a waiter thread per process: every line captured in order, every
 * exit observed with its true status, and no thread per process on the pidfd path.
 */
class ManyProcessesCaptureIT {
    private static final int PROCESSES = 50;
    private static final int OUT_LINES = 20_000;
    private static final int ERR_LINES = 500;
    @TempDir
    Path logs;
    private Launches launches;

    private Launches launches(ExitWatch exitWatch) {
        launches = new Launches(NativeProcessLauncher.withExitWatch(exitWatch), logs);
        return launches;
    }

    @AfterEach
    void tearDown() {
        if (launches != null) {
            launches.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ExitWatch.class)
    void fiftyProcessesPrintingAndExitingAtOnceAreCapturedCompletelyWithEveryExit(ExitWatch exitWatch) throws Exception {
        Launches started = launches(exitWatch);
        List<RunningProcess> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            // Every fifth dies by a signal after its output, the others exit with their own code.
            String end = i % 5 == 0 ? "kill -TERM $$" : "exit " + i;
            processes.add(started.start(spec("p" + i, sh("seq 1 " + OUT_LINES + "; seq 1 " + ERR_LINES + " >&2; " + end))));
        }

        for (int i = 0; i < PROCESSES; i++) {
            ExitStatus expected = i % 5 == 0 ? new ExitStatus.Signaled(15) : new ExitStatus.Exited(i);
            assertThat(processes.get(i).exit().get(120, TimeUnit.SECONDS)).as("exit of p%d", i).isEqualTo(expected);
            assertCompleteAndInOrder(logs.resolve("p" + i + ".log"));
            assertThat(processes.get(i).tail(1)).extracting(LogLine::text).containsExactly(Integer.toString(ERR_LINES));
        }
    }

    @Test
    void withPidfdsNoThreadWaitsForAProcess() throws Exception {
        Launches started = launches(ExitWatch.PIDFD);
        RunningProcess p = started.start(spec("sleeper", sh("echo up; exec sleep 1000")));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !p.tail(1).isEmpty());
        assertThat(waiterThreads()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("vigil-capture");

        p.killAll();
        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
    }

    @Test
    void withoutPidfdsAWaiterThreadObservesTheExitAndEndsWithIt() throws Exception {
        Launches started = launches(ExitWatch.WAITER_THREAD);
        RunningProcess p = started.start(spec("sleeper", sh("echo up; exec sleep 1000")));

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !p.tail(1).isEmpty());
        assertThat(waiterThreads()).containsExactly("vigil-wait-svc/sleeper#" + p.pid());

        p.killAll();
        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> waiterThreads().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(ExitWatch.class)
    void aDescendantHoldingThePipeDelaysTheExitByTheDrainLimitAndItsLaterOutputIsStillCaptured(ExitWatch exitWatch)
            throws Exception {
        Launches started = launches(exitWatch);
        Path fifo = logs.resolve("go");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // The background subshell keeps stdout open and prints only once the test writes to the fifo.
        RunningProcess p = started.start(spec("holder", sh("echo early; (cat " + fifo + "; echo late) & exit 0")));

        assertThat(p.exit().get(60, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(p.tail(10)).extracting(LogLine::text).containsExactly("early");

        Files.writeString(fifo, "go\n");

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> p.tail(10).stream().map(LogLine::text).toList().equals(List.of("early", "go", "late")));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(logs.resolve("holder.log")).size() == 3);
    }

    private static List<String> waiterThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("vigil-wait-svc/sleeper#")).toList();
    }

    private static void assertCompleteAndInOrder(Path file) throws Exception {
        long nextOut = 1;
        long nextErr = 1;
        for (String record : Files.readAllLines(file)) {
            int at = record.indexOf(' ');
            String stream = record.substring(at + 1, at + 4);
            String text = record.substring(at + 5);
            if (stream.equals("out")) {
                assertThat(text).as("%s", file).isEqualTo(Long.toString(nextOut++));
            } else {
                assertThat(text).as("%s", file).isEqualTo(Long.toString(nextErr++));
            }
        }
        assertThat(nextOut - 1).as("stdout lines of %s", file).isEqualTo(OUT_LINES);
        assertThat(nextErr - 1).as("stderr lines of %s", file).isEqualTo(ERR_LINES);
    }
}
