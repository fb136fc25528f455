package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Policy HALT in a real JVM: exit status 70, the stalled thread's stack on stderr; and the SIGKILL backstop. */
class HaltIT {
    @Test
    void aStalledLoopHaltsTheJvmWith70AndItsStackOnStderr() throws Exception {
        Process child = ChildJvm.of(StallingService.class, "300").start();
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child halted").isTrue();
            String stderr = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(stderr).isEqualTo(70);
            assertThat(stderr)
                    .contains("heartbeat 'poll-loop' stalled")
                    .contains("\"poll-loop\" #")
                    .contains("at dev.vigil.liveness.StallingService.wedgedOnUpstream(")
                    .contains("halting with status 70");
        } finally {
            ChildJvm.destroy(child);
        }
    }

    @Test
    void theKernelTimerBackstopSigkillsTheProcess() throws Exception {
        Process child = ChildJvm.of(ArmsKillTimer.class, "300").start();
        try {
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child killed").isTrue();
            String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(stdout).contains("armed=true");
            assertThat(child.exitValue()).as("128 + SIGKILL").isEqualTo(137);
        } finally {
            ChildJvm.destroy(child);
        }
    }
}
