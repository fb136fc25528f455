package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load-bearing test: block the application first, then connect. Every application thread we
 * can reach is saturated (a fixed pool, the common pool, every virtual-thread carrier), a lock the
 * application uses is held, and the test's main thread is blocked on it; only then does a separate
 * process (curl) probe the listener. It must answer promptly, and truthfully: the loop that the
 * saturation starved is reported stalled.
 */
class LivenessIsolationIT {
    private final List<Thread> spinners = new ArrayList<>();
    private volatile boolean saturate = true;
    private ExecutorService appPool;
    private Liveness liveness;

    @AfterEach
    void release() throws InterruptedException {
        saturate = false;
        for (Thread t : spinners) {
            t.join(5000);
        }
        if (appPool != null) {
            appPool.shutdownNow();
            appPool.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (liveness != null) {
            liveness.close();
        }
    }

    private void spin() {
        long x = 0;
        while (saturate) {
            x += System.nanoTime() & 1;
        }
        if (x == 42) { // keeps the loop from being optimised away
            System.out.print("");
        }
    }

    @Test
    void aSeparateProcessGetsTheTruthPromptlyWhileEveryApplicationThreadIsStuck() throws Exception {
        liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .samplingPeriod(Duration.ofMillis(100)).start();
        Heartbeat poll = liveness.heartbeat("poll-loop", Duration.ofMillis(500));
        poll.beat();
        liveness.ready();
        int port = liveness.port();

        // The application's request pool, all busy; the poll loop would run here and so never beats.
        appPool = Executors.newFixedThreadPool(2);
        for (int i = 0; i < 2; i++) {
            appPool.submit(this::spin);
        }
        // The common pool, all busy.
        int common = ForkJoinPool.getCommonPoolParallelism();
        for (int i = 0; i < common; i++) {
            ForkJoinPool.commonPool().submit(this::spin);
        }
        // Every virtual-thread carrier pinned: a spinning virtual thread holding a monitor never yields.
        int carriers = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < carriers; i++) {
            Object monitor = new Object();
            spinners.add(Thread.ofVirtual().start(() -> {
                synchronized (monitor) {
                    spin();
                }
            }));
        }
        // A lock the application uses, held; the main thread will block on it.
        ReentrantLock appLock = new ReentrantLock();
        CountDownLatch lockHeld = new CountDownLatch(1);
        CountDownLatch probesDone = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().name("app-lock-holder").start(() -> {
            appLock.lock();
            try {
                lockHeld.countDown();
                probesDone.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                appLock.unlock();
            }
        });
        spinners.add(holder);
        lockHeld.await();

        CompletableFuture<List<Curl.Reply>> probes = new CompletableFuture<>();
        spinners.add(Thread.ofPlatform().name("prober").start(() -> {
            try {
                // The starved loop cannot beat: wait (on the watchdog's verdict, not a sleep) until it is stalled.
                await().atMost(Duration.ofSeconds(20)).until(() -> !liveness.isLive());
                probes.complete(List.of(Curl.get(port, "/livez", 5), Curl.get(port, "/health", 5),
                        Curl.get(port, "/startupz", 5)));
            } catch (Throwable e) {
                probes.completeExceptionally(e);
            } finally {
                probesDone.countDown();
            }
        }));

        appLock.lock(); // the main thread blocks here until the probes are done
        appLock.unlock();

        List<Curl.Reply> replies = probes.get(1, TimeUnit.SECONDS);
        Curl.Reply livez = replies.get(0);
        assertThat(livez.status()).isEqualTo(503);
        assertThat(livez.body()).startsWith("not live: heartbeat 'poll-loop' stalled");
        Curl.Reply health = replies.get(1);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body()).contains("\"live\":false").contains("\"name\":\"poll-loop\",\"state\":\"STALLED\"");
        assertThat(replies.get(2).status()).isEqualTo(200);
        // Promptly: curl's whole exchange, including its own start-up on a saturated machine, well
        // under its 5 s limit (a listener sharing the application's threads would hit the limit).
        assertThat(replies).allSatisfy(r -> assertThat(r.seconds()).isLessThan(2.0));
    }
}
