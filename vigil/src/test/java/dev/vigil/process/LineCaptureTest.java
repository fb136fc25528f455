package dev.vigil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line cutting of chunks as the capture loop reads them: whole lines, split long ones, tail numbering. */
class LineCaptureTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-23T10:00:00Z"));
    private static final String STAMP = "2026-11-23T10:00:00Z";
    @TempDir
    Path dir;
    private RotatingLog log;
    private TailBuffer tail;

    @BeforeEach
    void setUp() throws Exception {
        log = new RotatingLog(dir.resolve("p.log"), 1L << 30, 1);
        tail = new TailBuffer(3);
    }

    private LineCapture capture(LogLine.Stream stream) {
        return new LineCapture(stream, log, tail, CLOCK);
    }

    /** Feeds {@code text} as the pipe would: never more than {@link LineCapture#room()} per chunk. */
    private static void feed(LineCapture lines, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int at = 0;
        while (at < bytes.length) {
            int n = Math.min(lines.room(), bytes.length - at);
            lines.accept(MemorySegment.ofArray(bytes).asSlice(at, n), n);
            at += n;
        }
    }

    private List<String> records() throws Exception {
        log.close();
        return Files.readAllLines(dir.resolve("p.log"));
    }

    @Test
    void linesSplitAcrossChunksAreJoinedAndAFinalPartialLineIsWrittenAtEndOfFile() throws Exception {
        LineCapture out = capture(LogLine.Stream.STDOUT);
        feed(out, "fir");
        feed(out, "st\nsecond\nthi");
        assertThat(tail.last(10)).extracting(LogLine::text).containsExactly("first", "second");

        feed(out, "rd");
        out.endOfFile();

        assertThat(records()).containsExactly(STAMP + " out first", STAMP + " out second", STAMP + " out third");
        assertThat(tail.last(10)).extracting(LogLine::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStreamThatNeverWritesEndsWithNoRecordAndTheFirstChunkGetsTheSmallBuffer() throws Exception {
        LineCapture quiet = capture(LogLine.Stream.STDOUT);
        quiet.endOfFile();
        assertThat(tail.last(10)).isEmpty();

        LineCapture late = capture(LogLine.Stream.STDERR);
        assertThat(late.room()).isEqualTo(4 * 1024);
        feed(late, "x".repeat(5000) + "\n");   // more than the first buffer: it grows, the line stays whole
        late.endOfFile();

        assertThat(tail.last(10)).extracting(LogLine::text).containsExactly("x".repeat(5000));
        assertThat(records()).containsExactly(STAMP + " err " + "x".repeat(5000));
    }

    @Test
    void aLineLongerThanTheLimitIsCutMarkedAndItsLengthNoted() throws Exception {
        LineCapture err = capture(LogLine.Stream.STDERR);
        String longLine = "x".repeat(LineCapture.MAX_LINE * 2 + 10);

        feed(err, longLine + "\nafter\n");
        err.endOfFile();

        List<String> records = records();
        String prefix = STAMP + " err ";
        assertThat(records).containsExactly(
                prefix + "x".repeat(LineCapture.MAX_LINE) + LineCapture.TRUNCATED,
                prefix + "[vigil: the truncated line above was " + (LineCapture.MAX_LINE * 2 + 10) + " bytes long; "
                        + (LineCapture.MAX_LINE + 10) + " bytes of it were dropped]",
                prefix + "after");
        assertThat(tail.last(10)).extracting(LogLine::text).last().isEqualTo("after");
        assertThat(tail.last(10).getFirst().text()).endsWith(LineCapture.TRUNCATED);
    }

    @Test
    void aHundredMegabytesWithoutANewlineKeepOneCutLineAndAreNotedAtEndOfFile() throws Exception {
        LineCapture out = capture(LogLine.Stream.STDOUT);
        byte[] chunk = "y".repeat(LineCapture.MAX_LINE).getBytes(StandardCharsets.US_ASCII);
        long total = 0;
        while (total < 100L * 1024 * 1024) {
            int n = out.room();
            out.accept(MemorySegment.ofArray(chunk).asSlice(0, n), n);
            total += n;
        }
        assertThat(out.room()).as("the buffer stays at its 64 KiB").isLessThanOrEqualTo(LineCapture.MAX_LINE);
        out.endOfFile();

        List<String> records = records();
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).endsWith(LineCapture.TRUNCATED);
        assertThat(records.get(1)).endsWith("[vigil: the truncated line above was " + total + " bytes long; "
                + (total - LineCapture.MAX_LINE) + " bytes of it were dropped]");
    }

    @Test
    void aChunkWithMoreLinesThanTheTailHoldsNumbersTheSkippedOnes() throws Exception {
        LineCapture out = capture(LogLine.Stream.STDOUT);

        feed(out, "1\n2\n3\n4\n5\n");

        assertThat(records()).hasSize(5);
        assertThat(tail.last(10)).extracting(LogLine::seq).containsExactly(3L, 4L, 5L);
        assertThat(tail.last(10)).extracting(LogLine::text).containsExactly("3", "4", "5");
        assertThat(tail.after(0, 10)).extracting(LogLine::seq).containsExactly(3L, 4L, 5L);
    }

    @Test
    void aFailedReadIsRecordedInTheLog() throws Exception {
        LineCapture err = capture(LogLine.Stream.STDERR);

        err.readFailed("Input/output error");

        assertThat(records()).containsExactly(STAMP + " err [vigil: reading stderr failed: Input/output error]");
    }
}
