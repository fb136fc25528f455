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

    private static String text(int chars) {
        return "z".repeat(chars);
    }

    @Test
    void boundedInBytesTheNewestLinesThatFitAreKept() {
        long lineCost = TailBuffer.cost(text(936));   // 1000 bytes a line
        TailBuffer tail = new TailBuffer(1000, 3 * lineCost, TailBudget.unlimited());
        for (int i = 0; i < 10; i++) {
            tail.add(Instant.EPOCH, LogLine.Stream.STDOUT, i + text(935));
        }

        assertThat(tail.last(1000)).extracting(LogLine::seq).containsExactly(8L, 9L, 10L);
        assertThat(tail.bytes()).isEqualTo(3 * lineCost);
        assertThat(tail.after(0, 10)).extracting(LogLine::seq).containsExactly(8L, 9L, 10L);
    }

    @Test
    void aLineOverTheLimitIsCountedButNotKept() {
        TailBuffer tail = new TailBuffer(10, 500, TailBudget.unlimited());
        add(tail, 1);
        tail.add(Instant.EPOCH, LogLine.Stream.STDOUT, text(1000));
        add(tail, 3);

        assertThat(tail.last(10)).extracting(LogLine::seq).containsExactly(3L);
    }

    @Test
    void theDaemonWideBudgetBoundsAllTailsTogether() {
        long lineCost = TailBuffer.cost(text(936));
        TailBudget budget = new TailBudget(5 * lineCost);
        TailBuffer first = new TailBuffer(1000, 4 * lineCost, budget);
        TailBuffer second = new TailBuffer(1000, 4 * lineCost, budget);
        for (int i = 0; i < 10; i++) {
            first.add(Instant.EPOCH, LogLine.Stream.STDOUT, text(936));
        }
        assertThat(first.last(100)).hasSize(4);
        assertThat(budget.used()).isEqualTo(4 * lineCost);

        for (int i = 0; i < 10; i++) {
            second.add(Instant.EPOCH, LogLine.Stream.STDOUT, text(936));
        }
        // The second tail got what was left and then recycles its own lines; the first keeps its own.
        assertThat(second.last(100)).hasSize(1);
        assertThat(second.last(100).getFirst().seq()).isEqualTo(10L);
        assertThat(first.last(100)).hasSize(4);
        assertThat(budget.used()).isEqualTo(5 * lineCost).isEqualTo(first.bytes() + second.bytes());
    }

    @Test
    void whenTheBudgetIsSpentElsewhereALineIsCountedButNotKept() {
        long lineCost = TailBuffer.cost(text(936));
        TailBudget budget = new TailBudget(lineCost);
        TailBuffer first = new TailBuffer(10, 10 * lineCost, budget);
        TailBuffer second = new TailBuffer(10, 10 * lineCost, budget);
        first.add(Instant.EPOCH, LogLine.Stream.STDOUT, text(936));
        second.add(Instant.EPOCH, LogLine.Stream.STDOUT, text(936));
        second.add(Instant.EPOCH, LogLine.Stream.STDOUT, "short");

        assertThat(second.last(10)).isEmpty();
        assertThat(second.after(0, 10)).isEmpty();
        assertThat(first.last(10)).hasSize(1);
    }

    @Test
    void skippedLinesReleaseWhatTheTailHeld() {
        TailBudget budget = new TailBudget(1 << 20);
        TailBuffer tail = new TailBuffer(10, 1 << 20, budget);
        add(tail, 1);
        add(tail, 2);
        tail.skip(5);

        assertThat(budget.used()).isZero();
        assertThat(tail.last(10)).isEmpty();
        add(tail, 8);
        assertThat(tail.last(10)).extracting(LogLine::seq).containsExactly(8L);
    }
}
