package dev.vigil.process;

import dev.vigil.time.Ticker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code /proc} of made-up processes in a directory, and a fake ticker that only a pause of
 * {@link #poll()} moves: polling tests that neither sleep nor touch a real process.
 */
final class FakeProc implements Ticker {
    private final Path root;
    private final List<Duration> pauses = new ArrayList<>();
    private long nanos = 1_000_000_000L;
    private Runnable onPause = () -> { };

    FakeProc(Path root) {
        this.root = root;
    }

    ProcessInspector inspector() {
        return new ProcessInspector(root);
    }

    /** Polls on this ticker; each pause moves it by the pause's length, then runs what the test set. */
    ProcPoll poll() {
        return new ProcPoll(this, length -> {
            pauses.add(length);
            nanos += length.toNanos();
            onPause.run();
        });
    }

    /** What happens in the world during each pause. */
    void onPause(Runnable action) {
        this.onPause = action;
    }

    List<Duration> pauses() {
        return pauses;
    }

    /** A process {@code pid}, leader of its own group, in {@code state} (S, Z, ...), started at {@code startTicks}. */
    void process(long pid, char state, long startTicks) {
        StringBuilder line = new StringBuilder().append(pid).append(" (fake) ").append(state).append(" 1 ").append(pid)
                .append(' ').append(pid);
        for (int field = 7; field <= 21; field++) {
            line.append(" 0");
        }
        line.append(' ').append(startTicks).append(" 0 0\n");
        try {
            Files.createDirectories(root.resolve(Long.toString(pid)));
            Files.writeString(root.resolve(Long.toString(pid)).resolve("stat"), line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process is gone (reaped). */
    void gone(long pid) {
        try {
            Files.deleteIfExists(root.resolve(Long.toString(pid)).resolve("stat"));
            Files.deleteIfExists(root.resolve(Long.toString(pid)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public Instant wallClock() {
        return Instant.EPOCH.plusNanos(nanos);
    }
}
