package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.DegradedAction;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ServiceSpec;
import dev.vigil.event.VigilEvent;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.ProbeReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 2: nothing slow on the supervisor's thread. The supervisor runs on its own pool
 * of effect threads (the real {@link SystemLanes}); one service's sweep blocks (a kill gate that
 * stands for a sweep of 5 s over a busy /proc) while another service's probe failure must be
 * handled at once, at the same instant of the fake clock. No sleeps: latches and event futures.
 */
class SlowSystemEffectsTest {
    private static final long WAIT_S = 10;

    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher launcher = new ScriptedLauncher();
    final FakeProbeControl probes = new FakeProbeControl();
    final List<VigilEvent> events = new CopyOnWriteArrayList<>();
    final Supervisor supervisor = new Supervisor(new Supervisor.Parts(launcher, scheduler, probes,
            new FakeNotifySockets(), (service, spec, process) -> Map.of(), events::add, ticker, Jitter.fixed(0),
            Path.of("/state/logs")));

    @AfterEach
    void close() throws Exception {
        launcher.processes.stream().map(p -> p.killGate).filter(g -> g != null).forEach(CountDownLatch::countDown);
        supervisor.close();
    }

    @Test
    void aSlowSweepOfOneServiceHoldsUpNoOtherService() throws Exception {
        ServiceSpec slow = Specs.service("slow").build();
        ServiceSpec other = Specs.service("other").probe(Specs.probe("alive", ProbeRole.LIVENESS, Optional.of("other"), 3))
                .onDegraded(DegradedAction.RESTART, 3).build();
        supervisor.start();
        CompletableFuture<?> slowUp = stateOf("slow", StateKind.RUNNING);
        CompletableFuture<?> otherUp = stateOf("other", StateKind.RUNNING);
        supervisor.apply(SupervisorTest.config(slow, other)).get(WAIT_S, TimeUnit.SECONDS);
        slowUp.get(WAIT_S, TimeUnit.SECONDS);
        otherUp.get(WAIT_S, TimeUnit.SECONDS);

        CountDownLatch gate = new CountDownLatch(1);
        launcher.last("slow", "slow").killGate = gate;
        CompletableFuture<?> slowStopped = stateOf("slow", StateKind.STOPPED);
        supervisor.stop("slow"); // TERM ends it; the sweep that follows blocks in the kill gate
        assertThat(launcher.killsStarted.await(WAIT_S, TimeUnit.SECONDS)).as("the sweep is running").isTrue();
        Instant frozen = ticker.wallClock();

        var restart = supervisor.nextEvent(SupervisorEvent.RestartTriggered.class, e -> e.service().equals("other"));
        var respawned = supervisor.nextEvent(SupervisorEvent.ProcessStarted.class, e -> e.service().equals("other"));
        for (int i = 1; i <= 3; i++) {
            probes.report(new ProbeReport("other", "alive", ProbeRole.LIVENESS, Optional.of("other"),
                    probes.instance("other", "alive"), new ProbeOutcome.TimedOut(Duration.ofSeconds(1)), i, 0, i >= 3,
                    i == 3));
        }
        assertThat(restart.get(WAIT_S, TimeUnit.SECONDS).reason()).contains("alive");
        assertThat(respawned.get(WAIT_S, TimeUnit.SECONDS).instance()).isGreaterThan(1);
        assertThat(ticker.wallClock()).as("handled on time: the clock did not move").isEqualTo(frozen);

        SupervisorSnapshot during = supervisor.settledSnapshot().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(during.service("slow").orElseThrow().state()).as("not stopped before its sweep ends")
                .isEqualTo(StateKind.STOPPING);
        assertThat(slowStopped).isNotDone();

        gate.countDown();
        slowStopped.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(launcher.last("slow", "slow").killAlls).isEqualTo(1);
    }

    private CompletableFuture<SupervisorEvent.ServiceStateChanged> stateOf(String service, StateKind to) {
        return supervisor.nextEvent(SupervisorEvent.ServiceStateChanged.class,
                e -> e.service().equals(service) && e.to() == to);
    }
}
