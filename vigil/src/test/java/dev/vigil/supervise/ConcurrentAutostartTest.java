package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.UnixSignal;
import dev.vigil.event.VigilEvent;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.process.RunningProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: autostart spawns services side by side on the real {@link SystemLanes}, and a stop
 * that arrives while a spawn is still under way is carried out after it. The launcher blocks
 * inside launch on latches the test controls; no sleeps.
 */
class ConcurrentAutostartTest {
    private static final long WAIT_S = 10;

    final FakeTicker ticker = new FakeTicker();
    final ManualScheduler scheduler = new ManualScheduler(ticker);
    final ScriptedLauncher scripted = new ScriptedLauncher();
    final List<VigilEvent> events = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile ProcessLauncher launcher = scripted;
    final Supervisor supervisor = new Supervisor(new Supervisor.Parts(request -> launcher.launch(request), scheduler,
            new FakeProbeControl(), new FakeNotifySockets(), (service, spec, process) -> Map.of(), events::add, ticker,
            Jitter.fixed(0), Path.of("/state/logs")));

    @AfterEach
    void close() throws Exception {
        release.countDown();
        supervisor.close();
    }

    @Test
    void twoServicesAreSpawnedAtTheSameTime() throws Exception {
        CountDownLatch bothCalled = new CountDownLatch(2);
        launcher = request -> {
            bothCalled.countDown();
            // Returns only once the other service's launch has begun: one spawn after another never gets here.
            if (!opened(bothCalled)) {
                throw new IllegalStateException("the other spawn never began while " + request.service() + "'s ran");
            }
            return scripted.launch(request);
        };
        supervisor.start();
        CompletableFuture<?> aUp = stateOf("a", StateKind.RUNNING);
        CompletableFuture<?> bUp = stateOf("b", StateKind.RUNNING);
        supervisor.apply(SupervisorTest.config(Specs.service("a").build(), Specs.service("b").build()))
                .get(WAIT_S, TimeUnit.SECONDS);
        aUp.get(3 * WAIT_S, TimeUnit.SECONDS);
        bUp.get(3 * WAIT_S, TimeUnit.SECONDS);
        assertThat(scripted.launches("a")).isEqualTo(1);
        assertThat(scripted.launches("b")).isEqualTo(1);
    }

    @Test
    void aStopDuringItsSpawnIsCarriedOutAfterTheSpawn() throws Exception {
        CountDownLatch spawning = new CountDownLatch(1);
        launcher = request -> {
            spawning.countDown();
            if (!opened(release)) {
                throw new IllegalStateException("the test never released the spawn");
            }
            return scripted.launch(request);
        };
        supervisor.start();
        supervisor.apply(SupervisorTest.config(Specs.service("a").build())).get(WAIT_S, TimeUnit.SECONDS);
        assertThat(spawning.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<?> stopped = stateOf("a", StateKind.STOPPED);
        CompletableFuture<?> answered = supervisor.stop("a");
        SupervisorSnapshot meanwhile = supervisor.settledSnapshot().get(WAIT_S, TimeUnit.SECONDS);
        assertThat(meanwhile.service("a").orElseThrow().state()).as("the supervisor was not held by the spawn")
                .isNotEqualTo(StateKind.STOPPED);
        assertThat(stopped).isNotDone();

        release.countDown();
        stopped.get(WAIT_S, TimeUnit.SECONDS);
        answered.get(WAIT_S, TimeUnit.SECONDS);
        RunningProcess process = scripted.last("a", "a");
        assertThat(((ScriptedLauncher.FakeProcess) process).signals).as("stopped after it was started")
                .startsWith(UnixSignal.TERM);
        assertThat(process.exit()).isDone();
    }

    private static boolean opened(CountDownLatch latch) {
        try {
            return latch.await(2 * WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CompletableFuture<SupervisorEvent.ServiceStateChanged> stateOf(String service, StateKind to) {
        return supervisor.nextEvent(SupervisorEvent.ServiceStateChanged.class,
                e -> e.service().equals(service) && e.to() == to);
    }
}
