package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 9 item 1: an Error anywhere is fatal (announce, stop services, flush, halt 70); other exceptions are not. */
class FatalErrorsTest {
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> halted = new CompletableFuture<>();

    private FatalErrors.Shutdown recording(CountDownLatch stopBlocks) {
        return new FatalErrors.Shutdown() {
            @Override
            public void announce(Thread thread, Throwable error) {
                steps.add("announce " + thread.getName() + " " + error.getClass().getSimpleName());
            }

            @Override
            public void stopServices() {
                steps.add("stop");
                try {
                    stopBlocks.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void flush() {
                steps.add("flush");
            }
        };
    }

    @Test
    void anErrorAnnouncesStopsFlushesAndHaltsWithTheFatalCode() throws Exception {
        FatalErrors fatal = new FatalErrors(recording(new CountDownLatch(0)), Duration.ofSeconds(30), halted::complete);
        Thread failing = Thread.ofPlatform().name("failing").uncaughtExceptionHandler(fatal).start(() -> {
            throw new OutOfMemoryError("test");
        });
        failing.join(30_000);

        assertThat(halted.get(30, TimeUnit.SECONDS)).isEqualTo(Daemon.FATAL).isEqualTo(70);
        assertThat(steps).containsExactly("announce failing OutOfMemoryError", "stop", "flush");
    }

    @Test
    void anUncaughtExceptionThatIsNoErrorEndsOnlyItsThread() throws Exception {
        FatalErrors fatal = new FatalErrors(recording(new CountDownLatch(0)), Duration.ofSeconds(30), halted::complete);
        Thread failing = Thread.ofPlatform().name("failing").uncaughtExceptionHandler(fatal).start(() -> {
            throw new IllegalStateException("not fatal");
        });
        failing.join(30_000);

        assertThat(halted).isNotDone();
        assertThat(steps).isEmpty();
    }

    @Test
    void aWayDownThatHangsIsCutShortByTheLimit() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        FatalErrors fatal = new FatalErrors(recording(never), Duration.ofMillis(300), halted::complete);
        Thread failing = Thread.ofPlatform().name("failing").uncaughtExceptionHandler(fatal).start(() -> {
            throw new StackOverflowError("test");
        });

        assertThat(halted.get(30, TimeUnit.SECONDS)).isEqualTo(Daemon.FATAL);
        assertThat(steps).containsExactly("announce failing StackOverflowError", "stop");
        never.countDown();
        failing.join(30_000);
    }
}
