package dev.vigil.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real pools of {@link SystemLanes} (issue 16, concurrent autostart): spawns of different
 * processes overlap, a spawn never waits for sweeps on the other pool, and within one lane a
 * signal never overtakes the spawn before it. Latches only: a test that waited for time would
 * prove nothing on a loaded machine.
 */
class SystemLanesTest {
    private static final long WAIT_S = 10;

    final SystemLanes lanes = SystemLanes.owned();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        lanes.close();
    }

    @Test
    void spawnsOfTwoProcessesRunAtTheSameTime() throws Exception {
        CountDownLatch bothCalled = new CountDownLatch(2);
        CompletableFuture<Boolean> a = new CompletableFuture<>();
        CompletableFuture<Boolean> b = new CompletableFuture<>();
        // Each spawn returns only once the other one has been called: serial spawns would time out.
        lanes.spawn("a/a", () -> a.complete(arrive(bothCalled)));
        lanes.spawn("b/b", () -> b.complete(arrive(bothCalled)));
        assertThat(a.get(2 * WAIT_S, TimeUnit.SECONDS)).as("a saw b's spawn start while it ran").isTrue();
        assertThat(b.get(2 * WAIT_S, TimeUnit.SECONDS)).as("b saw a's spawn start while it ran").isTrue();
    }

    @Test
    void aSignalWaitsForTheSpawnOfItsProcess() throws Exception {
        List<String> done = new CopyOnWriteArrayList<>();
        CountDownLatch spawning = new CountDownLatch(1);
        CompletableFuture<Void> signalled = new CompletableFuture<>();
        lanes.spawn("a/a", () -> {
            spawning.countDown();
            await(release, WAIT_S);
            done.add("spawn");
        });
        lanes.submit("a/a", () -> {
            done.add("signal");
            signalled.complete(null);
        });
        assertThat(spawning.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        // Work submitted later on the signal's pool runs meanwhile: the signal is held by its lane, not by the pool.
        CompletableFuture<Void> other = new CompletableFuture<>();
        lanes.submit("b/b", () -> other.complete(null));
        other.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(done).as("the signal did not overtake the spawn").isEmpty();

        release.countDown();
        signalled.get(WAIT_S, TimeUnit.SECONDS);
        assertThat(done).containsExactly("spawn", "signal");
    }

    @Test
    void spawnsDoNotQueueBehindSlowSweeps() throws Exception {
        CountDownLatch sweeping = new CountDownLatch(SystemLanes.THREADS);
        for (int i = 0; i < SystemLanes.THREADS; i++) {
            lanes.submit("swept/" + i, () -> {
                sweeping.countDown();
                await(release, 3 * WAIT_S);   // held far longer than the spawn is waited for below
            });
        }
        assertThat(sweeping.await(WAIT_S, TimeUnit.SECONDS)).as("every effect thread is in a sweep").isTrue();
        CompletableFuture<Void> spawned = new CompletableFuture<>();
        lanes.spawn("fresh/fresh", () -> spawned.complete(null));
        spawned.get(WAIT_S, TimeUnit.SECONDS);
    }

    private static boolean arrive(CountDownLatch latch) {
        latch.countDown();
        return await(latch, WAIT_S);
    }

    private static boolean await(CountDownLatch latch, long seconds) {
        try {
            return latch.await(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
