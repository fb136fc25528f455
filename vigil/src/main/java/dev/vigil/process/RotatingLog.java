package dev.vigil.process;

import dev.vigil.files.SafeFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * One process's log file, {@code NAME.log}, rotated by size into {@code NAME.log.1 .. NAME.log.N}
 * (1 is the newest backup). Each record is one line:
 * <pre>2026-11-22T11:15:30.123456Z out the text the process wrote</pre>
 * ({@code out} or {@code err}). Lines are written whole under one lock, so lines of the two
 * streams never tear into each other; a rotation happens only between lines.
 *
 * <p>Thread-safe. An I/O failure is remembered, reported once through {@link #failure()}, and
 * further lines are dropped rather than blocking the process's output (a full disk must not stall
 * the service through a full pipe).
 */
final class RotatingLog implements AutoCloseable {
    private static final int BUFFER_BYTES = 16 * 1024;

    private final Path file;
    private final long maxBytes;
    private final int backups;
    private OutputStream out;
    private byte[] buffer;
    private int buffered;
    private long size;
    private IOException failure;

    RotatingLog(Path file, long maxBytes, int backups) throws IOException {
        this.file = file;
        this.maxBytes = maxBytes;
        this.backups = backups;
        SafeFiles.privateDirectory(file.toAbsolutePath().getParent());
        this.size = Files.exists(file) ? Files.size(file) : 0;
        this.out = SafeFiles.appendPrivate(file);
    }

    Path file() {
        return file;
    }

    /**
     * Appends {@code count} lines that share one prefix: line i is
     * {@code prefix + data[starts[i]..ends[i]) + '\n'}.
     */
    synchronized void append(byte[] prefix, byte[] data, int[] starts, int[] ends, int count) {
        if (failure != null || out == null) {
            return;
        }
        try {
            for (int i = 0; i < count; i++) {
                int length = ends[i] - starts[i];
                long lineBytes = prefix.length + length + 1L;
                if (size > 0 && size + lineBytes > maxBytes) {
                    rotate();
                }
                put(prefix, 0, prefix.length);
                put(data, starts[i], length);
                put(NEWLINE, 0, 1);
                size += lineBytes;
            }
            drain();
        } catch (IOException e) {
            failure = e;
        }
    }

    /** The first write error, if any; the log stopped there. */
    synchronized java.util.Optional<IOException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            drain();
            out.close();
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        out = null;
        buffer = null;
    }

    private static final byte[] NEWLINE = {'\n'};

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
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void rotate() throws IOException {
        drain();
        out.close();
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
        out = SafeFiles.appendPrivate(file);
        size = 0;
    }

    private Path backup(int index) {
        return file.resolveSibling(file.getFileName() + "." + index);
    }
}
