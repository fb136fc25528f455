package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RoundThreadsTest {

    @Test
    void roundsRunOnPlatformThreadsAndSpillToVirtualThreadsWhenAllAreBusy() throws Exception {
        ThreadPoolExecutor executor = RoundThreads.newExecutor(2, Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        try {
            CompletableFuture<Thread> first = runBlocked(executor, release);
            CompletableFuture<Thread> second = runBlocked(executor, release);
            assertThat(first.get().isVirtual()).isFalse();
            assertThat(second.get().isVirtual()).isFalse();
            assertThat(first.get()).isNotSameAs(second.get());
            assertThat(first.get().isDaemon()).isTrue();
            assertThat(first.get().getName()).startsWith("vigil-probe-");

            // Both platform threads are blocked: the third round must start at once anyway.
            CompletableFuture<Thread> third = new CompletableFuture<>();
            executor.execute(() -> third.complete(Thread.currentThread()));
            assertThat(third.get().isVirtual()).isTrue();
        } finally {
            release.countDown();
            executor.shutdown();
        }
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterShutdownRoundsStillRunOnVirtualThreads() throws Exception {
        ThreadPoolExecutor executor = RoundThreads.newExecutor(2, Duration.ofSeconds(30));
        executor.shutdown();
        assertThat(runOnce(executor).isVirtual()).isTrue();
    }

    private static CompletableFuture<Thread> runBlocked(ThreadPoolExecutor executor, CountDownLatch release) {
        CompletableFuture<Thread> started = new CompletableFuture<>();
        executor.execute(() -> {
            started.complete(Thread.currentThread());
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return started;
    }

    private static Thread runOnce(ThreadPoolExecutor executor) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        executor.execute(() -> ran.complete(Thread.currentThread()));
        return ran.get();
    }
}
