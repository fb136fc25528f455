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
 * @param prompt asks the person at the terminal ({@code vigil stop db} with running dependents);
 *               {@link Prompt#NONE} when stdin or stdout is not a terminal
 */
public record CliEnvironment(PrintWriter out, PrintWriter err, boolean colour, Map<String, String> env,
                             Clock clock, Pacer pacer, Prompt prompt) {

    /** Without a person to ask: as when stdin or stdout is not a terminal. */
    public CliEnvironment(PrintWriter out, PrintWriter err, boolean colour, Map<String, String> env, Clock clock,
                          Pacer pacer) {
        this(out, err, colour, env, clock, pacer, Prompt.NONE);
    }

    /** Asks the person at the terminal a question; commands ask only when {@link #interactive()}. */
    public interface Prompt {
        /** No terminal: nobody to ask (stdin or stdout redirected). */
        Prompt NONE = new Prompt() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public java.util.Optional<String> ask(String question) {
                return java.util.Optional.empty();
            }
        };

        /** True when stdin and stdout are both a terminal, so someone can answer. */
        boolean interactive();

        /** Shows {@code question} and reads one line; empty at end of input. */
        java.util.Optional<String> ask(String question);
    }

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
        }, console != null && console.isTerminal() ? new Prompt() {
            // isTerminal(): stdin and stdout both a terminal, the same test as for colour.
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public java.util.Optional<String> ask(String question) {
                return java.util.Optional.ofNullable(console.readLine("%s", question));
            }
        } : Prompt.NONE);
    }

    private static PrintWriter utf8(FileDescriptor fd) {
        // Glyphs need UTF-8 even under a C locale; the state word beside them carries the meaning anyway.
        return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), StandardCharsets.UTF_8), true);
    }
}
