package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A capture loop belongs to whoever built it: closing it ends its thread, none is left behind. */
class CaptureLoopCloseTest {

    @Test
    void closingTheLoopEndsItsThread() throws Exception {
        String name = "test-capture-close-" + System.nanoTime();
        CaptureLoop loop = new CaptureLoop(name, Ticker.system());
        CountDownLatch turned = new CountDownLatch(1);
        loop.runOnLoop(turned::countDown);
        assertThat(turned.await(30, TimeUnit.SECONDS)).as("the loop runs").isTrue();
        assertThat(threadNamed(name)).isTrue();

        loop.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> !threadNamed(name));
    }

    @Test
    void closingALauncherEndsItsCaptureThread() {
        long before = captureThreads();
        NativeProcessLauncher launcher = new NativeProcessLauncher();
        assertThat(captureThreads()).isEqualTo(before + 1);

        launcher.close();

        await().atMost(Duration.ofSeconds(30)).until(() -> captureThreads() == before);
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    private static long captureThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("vigil-capture") && t.isAlive()).count();
    }
}
