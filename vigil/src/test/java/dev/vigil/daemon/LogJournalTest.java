package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.api.InvalidParamsException;
import dev.vigil.api.LogEntry;
import dev.vigil.api.LogPage;
import dev.vigil.config.UnixSignal;
import dev.vigil.process.ExitStatus;
import dev.vigil.process.LogLine;
import dev.vigil.process.RunningProcess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LogJournalTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    /** A process whose output the test writes line by line, keeping only the last {@code held}. */
    private static final class FakeOutput implements RunningProcess {
        private final List<LogLine> lines = new ArrayList<>();
        private final int held;
        private long seq;

        FakeOutput(int held) {
            this.held = held;
        }

        void print(String text, int second) {
            lines.add(new LogLine(++seq, T0.plusSeconds(second), LogLine.Stream.STDOUT, text));
            if (lines.size() > held) {
                lines.removeFirst();
            }
        }

        @Override public long pid() { return 42; }
        @Override public long pgid() { return 42; }
        @Override public Instant startedAt() { return T0; }
        @Override public long startTicks() { return 1; }
        @Override public CompletableFuture<ExitStatus> exit() { return new CompletableFuture<>(); }
        @Override public void signalGroup(UnixSignal signal) { }
        @Override public void killAll() { }
        @Override public List<LogLine> tail(int max) {
            return lines.subList(Math.max(0, lines.size() - max), lines.size());
        }
    }

    private static List<String> texts(LogPage page) {
        return page.lines().stream().map(e -> e.process() + ":" + e.text()).toList();
    }

    @Test
    void linesOfAllProcessesAreNumberedOnceInTimeOrder() {
        LogJournal journal = new LogJournal();
        FakeOutput server = new FakeOutput(100);
        FakeOutput ui = new FakeOutput(100);
        journal.attach("os", "server", server);
        journal.attach("os", "ui", ui);
        server.print("s1", 1);
        ui.print("u1", 2);
        server.print("s2", 3);

        LogPage all = journal.page("os", null, 10, null);
        assertThat(texts(all)).containsExactly("server:s1", "ui:u1", "server:s2");
        assertThat(all.lines()).extracting(LogEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(texts(journal.page("os", "ui", 10, null))).containsExactly("ui:u1");
        assertThat(texts(journal.page("os", null, 2, null))).containsExactly("ui:u1", "server:s2");
    }

    @Test
    void aFollowerResumesAfterItsCursorAndSeesEveryLineOnce() {
        LogJournal journal = new LogJournal();
        FakeOutput p = new FakeOutput(100);
        journal.attach("web", "web", p);
        p.print("a", 1);
        LogPage first = journal.page("web", null, 10, 0L);
        assertThat(texts(first)).containsExactly("web:a");

        p.print("b", 2);
        p.print("c", 3);
        LogPage second = journal.page("web", null, 1, first.cursor());
        assertThat(texts(second)).containsExactly("web:b");
        LogPage third = journal.page("web", null, 10, second.cursor());
        assertThat(texts(third)).containsExactly("web:c");
        LogPage nothing = journal.page("web", null, 10, third.cursor());
        assertThat(nothing.lines()).isEmpty();
        assertThat(nothing.cursor()).isEqualTo(third.cursor());
        assertThat(nothing.dropped()).isZero();
    }

    @Test
    void linesThatLeftAProcessTailUnreadAreCountedAsDropped() {
        LogJournal journal = new LogJournal();
        FakeOutput p = new FakeOutput(2);
        journal.attach("web", "web", p);
        p.print("a", 1);
        LogPage first = journal.page("web", null, 10, 0L);
        for (int i = 0; i < 5; i++) {
            p.print("x" + i, 2 + i);
        }
        LogPage next = journal.page("web", null, 10, first.cursor());
        assertThat(texts(next)).containsExactly("web:x3", "web:x4");
        assertThat(next.dropped()).isEqualTo(3);
    }

    @Test
    void theLastWordsOfARestartedProcessStayReadable() {
        LogJournal journal = new LogJournal();
        FakeOutput before = new FakeOutput(100);
        journal.attach("app", "app", before);
        before.print("crashing now", 1);
        FakeOutput after = new FakeOutput(100);
        journal.attach("app", "app", after);
        after.print("started again", 2);

        assertThat(texts(journal.page("app", null, 10, null))).containsExactly("app:crashing now", "app:started again");
    }

    @Test
    void anUnknownServiceHasAnEmptyPage() {
        LogPage page = new LogJournal().page("nope", null, 10, 7L);
        assertThat(page.lines()).isEmpty();
        assertThat(page.cursor()).isEqualTo(7);
    }

    @Test
    void numberedLinesAreBoundedInBytesPerServiceAndInAll() {
        long line = dev.vigil.process.TailLimits.cost("x".repeat(936));   // 1000 bytes a line
        LogJournal journal = new LogJournal(new dev.vigil.process.TailLimits(2 * line, 5 * line));
        FakeOutput a = new FakeOutput(100);
        FakeOutput b = new FakeOutput(100);
        FakeOutput c = new FakeOutput(100);
        journal.attach("a", "a", a);
        journal.attach("b", "b", b);
        journal.attach("c", "c", c);
        for (int i = 0; i < 10; i++) {
            a.print("x".repeat(935) + i, i);
            b.print("x".repeat(935) + i, i);
            c.print("x".repeat(935) + i, i);
        }

        List.of("a", "b", "c").forEach(service -> journal.page(service, null, 1, null));   // every line numbered
        List<LogPage> pages = List.of(journal.page("a", null, 100, null), journal.page("b", null, 100, null),
                journal.page("c", null, 100, null));
        assertThat(pages).allSatisfy(p -> assertThat(p.lines()).hasSizeBetween(1, 4));   // 2 x a process's tail bytes
        assertThat(pages.stream().mapToInt(p -> p.lines().size()).sum()).as("5 lines in all").isLessThanOrEqualTo(5);
        assertThat(pages).allSatisfy(p -> assertThat(p.lines().getLast().text()).endsWith("9"));
        LogPage resumed = journal.page("c", null, 100, 0L);
        assertThat(resumed.dropped()).as("what did not fit is reported as dropped").isEqualTo(10 - resumed.lines().size());
    }

    @Test
    void aCursorPastTheEndIsRefusedNotAnsweredWithANegativeDrop() {
        LogJournal journal = new LogJournal();
        FakeOutput web = new FakeOutput(100);
        journal.attach("web", "web", web);
        web.print("one", 1);
        web.print("two", 2);

        // Issue 9 item 12: after = 2^63-1 answered dropped = -9223372036854775807.
        assertThatThrownBy(() -> journal.page("web", null, 10, Long.MAX_VALUE))
                .isInstanceOf(InvalidParamsException.class)
                .hasMessageContaining("after")
                .hasMessageContaining("past the end of the log (last seq 2, was 9223372036854775807)");
        assertThatThrownBy(() -> journal.page("web", null, 10, 3L)).isInstanceOf(InvalidParamsException.class);

        LogPage atTheEnd = journal.page("web", null, 10, 2L);
        assertThat(atTheEnd.lines()).isEmpty();
        assertThat(atTheEnd.cursor()).isEqualTo(2);
        assertThat(atTheEnd.dropped()).isZero();
    }

    @Test
    void aCursorBeforeEverythingHeldCountsWhatWasDroppedAndNeverGoesNegative() {
        LogJournal journal = new LogJournal();
        FakeOutput web = new FakeOutput(LogJournal.CAPACITY + 10);
        journal.attach("web", "web", web);
        for (int i = 1; i <= LogJournal.CAPACITY + 5; i++) {
            web.print("line " + i, i);
            if (i == LogJournal.CAPACITY) {
                journal.page("web", null, 1, null);   // numbers the first CAPACITY lines
            }
        }
        LogPage page = journal.page("web", null, 1, 0L);
        assertThat(page.dropped()).isEqualTo(5);
        assertThat(texts(page)).containsExactly("web:line 6");
    }
}
