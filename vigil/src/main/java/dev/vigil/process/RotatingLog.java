package dev.vigil.process;

import dev.vigil.files.SafeFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * One process's log file, {@code NAME.log}, rotated by size into {@code NAME.log.1 .. NAME.log.N}
 * (1 is the newest backup). Each record is one line:
 * <pre>2026-11-22T11:15:30.123456Z out the text the process wrote</pre>
 * ({@code out} or {@code err}). Lines are written whole under one lock, so lines of the two
 * streams never tear into each other; a rotation happens only between lines.
 *
 * <p>A write error (disk full) never blocks the process's output and never stops the log for
 * good: the file is cut back to its last whole record (no half-written record stays), the
 * {@link LogFileProblems} listener is told once, lines are counted as lost, and writing is tried
 * again at most once per {@link #RETRY_EVERY}; the first write that works starts with a record
 * {@code [vigil: N lines (M bytes) lost ...]} and the listener hears that the episode is over.
 *
 * <p>Thread-safe.
 */
final class RotatingLog implements AutoCloseable {
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    private static final int BUFFER_BYTES = 16 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private final Path file;
    private final long maxBytes;
    private final int backups;
    private final LogFileProblems problems;
    private final LongSupplier nanoClock;
    private final Opener opener;
    private FileChannel channel;
    private OutputStream out;
    private byte[] buffer;
    private int buffered;
    private long size;
    /** The file's size after its last whole record that is surely written. */
    private long committed;
    private boolean closed;
    // The current failure episode, if any.
    private IOException failure;
    private long failedAtNanos;
    private long nextRetryNanos;
    private long lostLines;
    private long lostBytes;

    RotatingLog(Path file, long maxBytes, int backups) throws IOException {
        this(file, maxBytes, backups, LogFileProblems.IGNORE, dev.vigil.time.Ticker.system()::nanoTime);
    }

    RotatingLog(Path file, long maxBytes, int backups, LogFileProblems problems, LongSupplier nanoClock) throws IOException {
        this(file, maxBytes, backups, problems, nanoClock, RotatingLog::openPrivateForAppend);
    }

    /** How the log opens its file: always {@link SafeFiles} but in tests that need a device that fails writes. */
    interface Opener {
        FileChannel open(Path file) throws IOException;
    }

    RotatingLog(Path file, long maxBytes, int backups, LogFileProblems problems, LongSupplier nanoClock, Opener opener)
            throws IOException {
        this.opener = opener;
        this.file = file;
        this.maxBytes = maxBytes;
        this.backups = backups;
        this.problems = problems;
        this.nanoClock = nanoClock;
        SafeFiles.privateDirectory(file.toAbsolutePath().getParent());
        open();
    }

    Path file() {
        return file;
    }

    /**
     * Appends {@code count} lines that share one prefix: line i is
     * {@code prefix + data[starts[i]..ends[i]) + '\n'}.
     */
    synchronized void append(byte[] prefix, byte[] data, int[] starts, int[] ends, int count) {
        if (closed) {
            return;
        }
        if (failure != null && !retry(prefix)) {
            lose(prefix, starts, ends, 0, count);
            return;
        }
        int safe = 0;
        try {
            for (int i = 0; i < count; i++) {
                int length = ends[i] - starts[i];
                long lineBytes = prefix.length + length + 1L;
                if (size > 0 && size + lineBytes > maxBytes) {
                    drain();
                    committed = size;
                    safe = i;
                    rotate();
                }
                put(prefix, 0, prefix.length);
                put(data, starts[i], length);
                put(NEWLINE, 0, 1);
                size += lineBytes;
            }
            drain();
            committed = size;
        } catch (IOException e) {
            fail(e);
            lose(prefix, starts, ends, safe, count);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out == null) {
            return;
        }
        try {
            if (failure == null) {
                drain();
            }
            out.close();
        } catch (IOException e) {
            fail(e);
        }
        out = null;
        buffer = null;
    }

    private void open() throws IOException {
        channel = opener.open(file);
        out = Channels.newOutputStream(channel);
        size = channel.size();
        committed = size;
    }

    private static FileChannel openPrivateForAppend(Path file) throws IOException {
        return SafeFiles.openPrivate(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Starts (or continues) a failure episode: the listener hears of a new one only. */
    private void fail(IOException e) {
        boolean newEpisode = failure == null;
        failure = e;
        buffered = 0;
        long now = nanoClock.getAsLong();
        nextRetryNanos = now + RETRY_EVERY.toNanos();
        if (out != null) {
            try {
                // Whatever part of a record made it to the file goes: no half-written record stays.
                channel.truncate(committed);
                size = committed;
            } catch (IOException | RuntimeException ignored) {
                // The next retry reopens the file and starts from its real size.
            }
        }
        if (newEpisode) {
            failedAtNanos = now;
            problems.failed(file, e);
        }
    }

    private void lose(byte[] prefix, int[] starts, int[] ends, int from, int to) {
        for (int i = from; i < to; i++) {
            lostLines++;
            lostBytes += prefix.length + ends[i] - starts[i] + 1L;
        }
    }

    /** In a failure episode: reopens and writes the note of what was lost, if it is time to try. */
    private boolean retry(byte[] prefix) {
        long now = nanoClock.getAsLong();
        if (now - nextRetryNanos < 0) {
            return false;
        }
        try {
            if (out != null) {
                closeQuietly(out);
                out = null;
            }
            open();
            byte[] note = ("[vigil: " + lostLines + " lines (" + lostBytes + " bytes) lost: writing this log failed for "
                    + Duration.ofNanos(now - failedAtNanos).toMillis() + " ms: " + failure.getMessage() + "]")
                    .getBytes(StandardCharsets.UTF_8);
            put(prefix, 0, prefix.length);
            put(note, 0, note.length);
            put(NEWLINE, 0, 1);
            size += prefix.length + note.length + 1L;
            drain();
            committed = size;
        } catch (IOException e) {
            fail(e);
            return false;
        }
        problems.resumed(file, lostLines, lostBytes, Duration.ofNanos(now - failedAtNanos));
        failure = null;
        lostLines = 0;
        lostBytes = 0;
        return true;
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // The stream already failed; a fresh one is opened.
        }
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        if (buffer == null) {
            buffer = new byte[BUFFER_BYTES];
        }
        if (length > buffer.length - buffered) {
            drain();
            if (length > buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            int n = buffered;
            buffered = 0;
            out.write(buffer, 0, n);
        }
    }

    private void rotate() throws IOException {
        out.close();
        out = null;
        if (backups == 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(backup(backups));
            for (int i = backups - 1; i >= 1; i--) {
                if (Files.exists(backup(i))) {
                    Files.move(backup(i), backup(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, backup(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path backup(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }
}
