package dev.vigil.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a command touches outside itself: output streams, whether to use colour, the
 * environment, the clock, and how to wait between polls. Tests pass their own.
 *
 * @param colour whether stdout gets ANSI colour (a terminal, and {@code NO_COLOR} unset)
 * @param pacer  waits between {@code logs -f} polls; returns false to stop following
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, boolean colour, Map<String, String> env,
                             Clock clock, Pacer pacer) {

    /** Waits between polls. */
    @FunctionalInterface
    public interface Pacer {
        /** Waits about {@code d}; false when the caller should stop (interrupted). */
        boolean pause(Duration d);
    }

    /**
     * The real process: UTF-8 stdout/stderr, colour only on a terminal without NO_COLOR. The CLI's
     * composition root, so the one place the CLI takes the real wall clock (the same one as
     * {@code Ticker.system().wallClock()}; a {@link Clock} because the CLI formats dates with it).
     */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        var console = System.console();
        String noColor = env.get("NO_COLOR");
        boolean colour = console != null && console.isTerminal()
                && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.get("TERM"));
        return new CliEnvironment(utf8(FileDescriptor.out), utf8(FileDescriptor.err), colour, env, Clock.systemUTC(), d -> {
            try {
                Thread.sleep(d);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        // Glyphs need UTF-8 even under a C locale; the state word beside them carries the meaning anyway.
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }
}
