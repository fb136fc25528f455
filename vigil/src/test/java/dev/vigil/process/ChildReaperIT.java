package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.event.VigilEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The reaper never takes the exit status of a child this JVM started on purpose: real children,
 * exited (zombies) while reaping rounds run, still report their own exit code to their owner.
 * (The orphans it must reap are tested end to end in {@code daemon.ContainerRunIT}.)
 */
class ChildReaperIT {

    @Test
    void ownChildrenKeepTheirExitStatusWhileRoundsRun() throws Exception {
        List<VigilEvent> events = new ArrayList<>();
        ChildReaper reaper = new ChildReaper(ProcessInspector.system(), Duration.ofMillis(1), token -> true, events::add);
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int code = 10 + i;
            children.add(OwnChildren.spawn(() -> new ProcessBuilder("/bin/sh", "-c", "exit " + code).start(), Process::pid));
        }
        // Rounds while the children exit and sit as zombies until the JDK's reaper takes them.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < until) {
            assertThat(reaper.reapOnce()).as("strangers reaped").isZero();
        }
        for (int i = 0; i < children.size(); i++) {
            Process child = children.get(i);
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("exit status of child " + i + " kept for its owner").isEqualTo(10 + i);
        }
        assertThat(reaper.reaped()).isZero();
        assertThat(events).isEmpty();
    }

    @Test
    void launchedProcessesKeepTheirExitStatusWhileRoundsRun() throws Exception {
        ChildReaper reaper = new ChildReaper(ProcessInspector.system(), Duration.ofMillis(1), token -> true, event -> { });
        java.nio.file.Path logs = java.nio.file.Files.createTempDirectory("reaper-logs");
        try (Launches launches = new Launches(new NativeProcessLauncher(), logs)) {
            List<RunningProcess> processes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                processes.add(launches.start(Launches.spec("p" + i, Launches.sh("exit " + (20 + i)))));
            }
            while (!processes.stream().allMatch(p -> p.exit().isDone())) {
                reaper.reapOnce();
            }
            for (int i = 0; i < processes.size(); i++) {
                assertThat(processes.get(i).exit().get()).isEqualTo(new ExitStatus.Exited(20 + i));
            }
        }
        assertThat(reaper.reaped()).isZero();
    }
}
