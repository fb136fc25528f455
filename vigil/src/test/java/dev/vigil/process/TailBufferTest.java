package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TailBufferTest {
    private static LogLine line(int i) {
        return new LogLine(Instant.EPOCH, LogLine.Stream.STDOUT, "l" + i);
    }

    @Test
    void keepsTheNewestLinesOldestFirst() {
        TailBuffer tail = new TailBuffer(3);
        for (int i = 1; i <= 7; i++) {
            tail.add(line(i));
        }

        assertThat(tail.last(10)).extracting(LogLine::text).containsExactly("l5", "l6", "l7");
        assertThat(tail.last(2)).extracting(LogLine::text).containsExactly("l6", "l7");
        assertThat(tail.last(0)).isEmpty();
    }

    @Test
    void fewerLinesThanCapacity() {
        TailBuffer tail = new TailBuffer(5);
        tail.add(line(1));
        tail.add(line(2));

        assertThat(tail.last(5)).extracting(LogLine::text).containsExactly("l1", "l2");
    }

    @Test
    void zeroCapacityKeepsNothing() {
        TailBuffer tail = new TailBuffer(0);
        tail.add(line(1));

        assertThat(tail.last(5)).isEmpty();
    }
}
