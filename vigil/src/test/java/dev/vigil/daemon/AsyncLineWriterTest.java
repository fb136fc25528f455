package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 9 item 2: the event-line writer never blocks its callers, drops and counts when full, says so after. */
class AsyncLineWriterTest {

    /** A stream whose reader has stopped: every write blocks until released. */
    private static final class StalledStream extends OutputStream {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                written.write(b, off, len);
            }
        }

        synchronized String text() {
            return written.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void aStalledReaderCostsDroppedLinesNotABlockedCallerAndTheDropIsReportedAfter() throws Exception {
        StalledStream stream = new StalledStream();
        AsyncLineWriter writer = AsyncLineWriter.start("test-writer", new PrintStream(stream, false, StandardCharsets.UTF_8),
                dropped -> "DROPPED " + dropped, 5, 1 << 20);

        writer.offer("first");
        assertThat(stream.blocked.await(30, TimeUnit.SECONDS)).as("the writer thread is stuck in write").isTrue();
        for (int i = 0; i < 1000; i++) {
            writer.offer("line " + i);   // returns at once although the stream is stuck
        }

        assertThat(writer.droppedLines()).isEqualTo(1000 - 5);
        stream.release.countDown();
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        writer.offer("after");
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(stream.text().lines().toList()).containsExactly("first", "DROPPED 995",
                "line 0", "line 1", "line 2", "line 3", "line 4", "after");
    }

    @Test
    void aBoundOnCharactersAlsoDrops() throws Exception {
        StalledStream stream = new StalledStream();
        AsyncLineWriter writer = AsyncLineWriter.start("test-writer-chars", new PrintStream(stream, false, StandardCharsets.UTF_8),
                dropped -> "DROPPED " + dropped, 1000, 10);
        writer.offer("x");
        assertThat(stream.blocked.await(30, TimeUnit.SECONDS)).isTrue();
        writer.offer("0123456789");
        writer.offer("y");
        assertThat(writer.droppedLines()).isEqualTo(1);
        stream.release.countDown();
        assertThat(writer.flush(Duration.ofSeconds(30))).isTrue();
        assertThat(stream.text().lines().toList()).containsExactly("x", "DROPPED 1", "0123456789");
    }

    @Test
    void flushIsBoundedWhenNobodyReads() {
        StalledStream stream = new StalledStream();
        AsyncLineWriter writer = AsyncLineWriter.start("test-writer-flush", new PrintStream(stream, false, StandardCharsets.UTF_8),
                dropped -> "DROPPED " + dropped);
        writer.offer("stuck");

        assertThat(writer.flush(Duration.ofMillis(200))).isFalse();
        stream.release.countDown();
    }
}
