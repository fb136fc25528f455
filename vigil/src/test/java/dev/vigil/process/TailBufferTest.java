package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TailBufferTest {
    private static void add(TailBuffer tail, int i) {
        tail.add(Instant.EPOCH, LogLine.Stream.STDOUT, "l" + i);
    }

    @Test
    void keepsTheNewestLinesOldestFirst() {
        TailBuffer tail = new TailBuffer(3);
        for (int i = 1; i <= 7; i++) {
            add(tail, i);
        }

        assertThat(tail.last(10)).extracting(LogLine::text).containsExactly("l5", "l6", "l7");
        assertThat(tail.last(10)).extracting(LogLine::seq).containsExactly(5L, 6L, 7L);
        assertThat(tail.last(2)).extracting(LogLine::text).containsExactly("l6", "l7");
        assertThat(tail.last(0)).isEmpty();
    }

    @Test
    void fewerLinesThanCapacity() {
        TailBuffer tail = new TailBuffer(5);
        add(tail, 1);
        add(tail, 2);

        assertThat(tail.last(5)).extracting(LogLine::text).containsExactly("l1", "l2");
    }

    @Test
    void zeroCapacityKeepsNothingButCounts() {
        TailBuffer tail = new TailBuffer(0);
        add(tail, 1);

        assertThat(tail.last(5)).isEmpty();
        assertThat(tail.after(0, 5)).isEmpty();
    }

    @Test
    void afterResumesBehindASeqAndSkipsWhatIsNoLongerHeld() {
        TailBuffer tail = new TailBuffer(3);
        for (int i = 1; i <= 4; i++) {
            add(tail, i);
        }
        assertThat(tail.after(2, 10)).extracting(LogLine::text).containsExactly("l3", "l4");
        assertThat(tail.after(0, 10)).extracting(LogLine::seq).containsExactly(2L, 3L, 4L);
        assertThat(tail.after(2, 1)).extracting(LogLine::text).containsExactly("l3");
        assertThat(tail.after(4, 10)).isEmpty();
    }

    @Test
    void skippedLinesAdvanceTheNumbering() {
        TailBuffer tail = new TailBuffer(2);
        tail.skip(5);
        add(tail, 6);
        assertThat(tail.last(5)).extracting(LogLine::seq).containsExactly(6L);
        assertThat(tail.after(0, 5)).extracting(LogLine::seq).containsExactly(6L);
    }
}
