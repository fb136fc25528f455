package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 item 1: the capture loop used to catch Errors and go on, a zombie that saw no more exits.
 * An Error must end its thread and reach the uncaught-exception handler (fatal in the daemon),
 * while an ordinary exception of one turn is still survived.
 */
class CaptureLoopErrorTest {

    @Test
    void anErrorOnTheLoopReachesTheUncaughtExceptionHandler() throws Exception {
        CompletableFuture<Throwable> handled = new CompletableFuture<>();
        CaptureLoop loop = new CaptureLoop("test-capture-error", dev.vigil.time.Ticker.system(), (thread, error) -> handled.complete(error));

        loop.runOnLoop(() -> {
            throw new OutOfMemoryError("test");
        });

        assertThat(handled.get(30, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class).hasMessage("test");
    }

    @Test
    void aRuntimeExceptionOfOneTurnIsSurvived() throws Exception {
        CompletableFuture<Throwable> handled = new CompletableFuture<>();
        CaptureLoop loop = new CaptureLoop("test-capture-survives", dev.vigil.time.Ticker.system(), (thread, error) -> handled.complete(error));
        CountDownLatch next = new CountDownLatch(1);

        loop.runOnLoop(() -> {
            throw new IllegalStateException("one bad turn");
        });
        loop.runOnLoop(next::countDown);

        assertThat(next.await(30, TimeUnit.SECONDS)).as("the loop goes on").isTrue();
        loop.close();
        assertThat(handled).isNotDone();
    }
}
