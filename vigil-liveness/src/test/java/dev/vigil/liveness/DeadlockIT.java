package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real deadlock between two platform threads turns liveness red with both threads named. */
class DeadlockIT {
    private Thread first;
    private Thread second;
    private Liveness liveness;

    @AfterEach
    void breakTheDeadlock() throws InterruptedException {
        // Interruptible locks, so the deadlock can be broken and no later test sees it.
        for (Thread t : new Thread[] {first, second}) {
            if (t != null) {
                t.interrupt();
                t.join(5000);
            }
        }
        if (liveness != null) {
            liveness.close();
        }
    }

    @Test
    void bothThreadsAreNamedInHealth() throws Exception {
        liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .samplingPeriod(Duration.ofMillis(100)).deadlockCheckInterval(Duration.ofMillis(200)).start();
        liveness.ready();
        await().atMost(Duration.ofSeconds(5)).until(() -> Curl.get(liveness.port(), "/livez", 5).status() == 200);

        ReentrantLock ledger = new ReentrantLock();
        ReentrantLock inventory = new ReentrantLock();
        CyclicBarrier bothHoldOne = new CyclicBarrier(2);
        first = Thread.ofPlatform().name("billing-worker").start(() -> lockBoth(ledger, inventory, bothHoldOne));
        second = Thread.ofPlatform().name("stock-worker").start(() -> lockBoth(inventory, ledger, bothHoldOne));

        await().atMost(Duration.ofSeconds(10)).until(() -> Curl.get(liveness.port(), "/livez", 5).status() == 503);
        Curl.Reply health = Curl.get(liveness.port(), "/health", 5);
        assertThat(health.body()).contains("\"live\":false").contains("billing-worker#").contains("stock-worker#");
        assertThat(Curl.get(liveness.port(), "/livez", 5).body()).startsWith("not live: deadlock: ");
    }

    private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CyclicBarrier bothHoldOne) {
        try {
            mine.lockInterruptibly();
            try {
                bothHoldOne.await();
                theirs.lockInterruptibly();
                theirs.unlock();
            } finally {
                mine.unlock();
            }
        } catch (Exception e) {
            // interrupted by the test's clean-up: the deadlock is over
        }
    }
}
