package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Runs {@code vigil list} and {@code vigil status NAME} without building picocli's command
 * model, which costs ~150 ms of start-up (175 classes and their reflection) — more than the
 * rest of the command. Only plain command lines take this path: the command, at most one NAME,
 * {@code --json}, {@code --wide} (list), and the global {@code --state-dir}, {@code --socket} and {@code --timeout}
 * (as {@code --opt value} or {@code --opt=value}). Anything else (help, a typo, another command)
 * goes to picocli, so what a user sees never depends on which path ran; CliIT runs the same
 * command lines both ways.
 */
final class FastPath {

    private FastPath() {
    }

    /** The exit code if this command line was handled here, else empty. */
    static OptionalInt tryRun(CliEnvironment env, String[] args) {
        Main main = new Main();
        boolean json = false;
        boolean wide = false;
        List<String> words = new ArrayList<>(2);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            boolean global = option.equals("--state-dir") || option.equals("--socket") || option.equals("--timeout");
            if (global) {
                String value;
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    return OptionalInt.empty();
                }
                if (value.isEmpty()) {
                    return OptionalInt.empty();
                }
                switch (option) {
                    case "--state-dir" -> main.stateDir = Path.of(value);
                    case "--socket" -> main.socket = Path.of(value);
                    default -> main.timeout = value;
                }
            } else if (a.equals("--json")) {
                json = true;
            } else if (a.equals("--wide")) {
                wide = true;
            } else if (a.startsWith("-")) {
                return OptionalInt.empty();
            } else {
                words.add(a);
            }
        }
        if (main.timeout != null && !validDuration(main.timeout)) {
            return OptionalInt.empty(); // picocli reports it
        }
        main.env(env);
        ClientCommand command;
        if (words.size() == 1 && words.getFirst().equals("list")) {
            ListCommand list = new ListCommand();
            list.json = json;
            list.wide = wide;
            command = list;
        } else if (words.size() == 2 && words.getFirst().equals("status")) {
            if (wide) {
                return OptionalInt.empty(); // picocli reports the unknown option
            }
            StatusCommand status = new StatusCommand();
            status.name = words.get(1);
            status.json = json;
            command = status;
        } else {
            return OptionalInt.empty();
        }
        command.main = main;
        int code = command.call();
        env.out().flush();
        env.err().flush();
        return OptionalInt.of(code);
    }

    private static boolean validDuration(String text) {
        try {
            Duration d = Durations.parse(text);
            return !d.isZero();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
