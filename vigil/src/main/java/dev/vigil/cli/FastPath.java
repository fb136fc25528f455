package dev.vigil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * Runs the commonest command lines without building picocli's command model, which costs ~150 ms
 * of start-up (175 classes and their reflection) — more than the rest of a {@code vigil list} —
 * and, for the daemon, keeps that model (its classes in metaspace, its objects on the heap) for
 * as long as the daemon runs, since the command runs inside picocli's {@code execute}.
 *
 * <p>Only plain command lines take this path: {@code list} and {@code status NAME} (with
 * {@code --json}, and {@code --wide} for list), {@code daemon --config PATH} and
 * {@code run --config PATH} (with {@code --log-format FORMAT} and {@code --exit-on-failed}),
 * each with the global {@code --state-dir} (and for the clients {@code --socket} and
 * {@code --timeout}), as {@code --opt value} or {@code --opt=value}. Anything else (help, a typo,
 * another command, an option twice) goes to picocli, so what a user sees never depends on which
 * path ran; CliIT runs the same command lines both ways.
 */
final class FastPath {

    private FastPath() {
    }

    /** The exit code if this command line was handled here, else empty. */
    static OptionalInt tryRun(CliEnvironment env, String[] args) {
        Optional<Callable<Integer>> command = command(env, args);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        int code;
        try {
            code = command.get().call();
        } catch (Exception e) {
            code = Main.unexpected(env, e);   // as picocli's path reports it
        }
        env.out().flush();
        env.err().flush();
        return OptionalInt.of(code);
    }

    /** The command this command line means, ready to call, if it is one this path takes. */
    static Optional<Callable<Integer>> command(CliEnvironment env, String[] args) {
        Main main = new Main();
        Words parsed = Words.parse(args);
        if (parsed == null) {
            return Optional.empty();
        }
        main.stateDir = parsed.stateDir == null ? null : Path.of(parsed.stateDir);
        main.socket = parsed.socket == null ? null : Path.of(parsed.socket);
        main.timeout = parsed.timeout;
        if (main.timeout != null && !validDuration(main.timeout)) {
            return Optional.empty(); // picocli reports it
        }
        main.env(env);
        List<String> words = parsed.words;
        String verb = words.isEmpty() ? "" : words.getFirst();
        boolean clientOnly = parsed.config == null && parsed.logFormat == null && !parsed.exitOnFailed;
        boolean serverOnly = parsed.socket == null && parsed.timeout == null && !parsed.json && !parsed.wide;
        return switch (verb) {
            case "list" -> {
                if (words.size() != 1 || !clientOnly) {
                    yield Optional.empty();
                }
                ListCommand list = new ListCommand();
                list.main = main;
                list.json = parsed.json;
                list.wide = parsed.wide;
                yield Optional.of(list);
            }
            case "status" -> {
                if (words.size() != 2 || !clientOnly || parsed.wide) {
                    yield Optional.empty(); // picocli reports the unknown option
                }
                StatusCommand status = new StatusCommand();
                status.main = main;
                status.name = words.get(1);
                status.json = parsed.json;
                yield Optional.of(status);
            }
            case "daemon" -> {
                if (words.size() != 1 || !serverOnly || parsed.config == null || parsed.logFormat != null || parsed.exitOnFailed) {
                    yield Optional.empty();
                }
                DaemonCommand daemon = new DaemonCommand();
                daemon.main = main;
                daemon.config = Path.of(parsed.config);
                yield Optional.of(daemon);
            }
            case "run" -> {
                if (words.size() != 1 || !serverOnly || parsed.config == null) {
                    yield Optional.empty();
                }
                RunCommand run = new RunCommand();
                run.main = main;
                run.config = Path.of(parsed.config);
                run.logFormat = parsed.logFormat;
                run.exitOnFailed = parsed.exitOnFailed;
                yield Optional.of(run);
            }
            default -> Optional.empty();
        };
    }

    /** A command line taken apart; null if it has anything this path leaves to picocli. */
    private record Words(List<String> words, String stateDir, String socket, String timeout, String config,
                         String logFormat, boolean json, boolean wide, boolean exitOnFailed) {

        static Words parse(String[] args) {
            List<String> words = new ArrayList<>(2);
            String[] values = new String[VALUE_OPTIONS.size()];
            boolean json = false;
            boolean wide = false;
            boolean exitOnFailed = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                int eq = a.indexOf('=');
                String option = a.startsWith("-") && eq > 0 ? a.substring(0, eq) : a;
                int slot = VALUE_OPTIONS.indexOf(option.equals("-c") ? "--config" : option);
                if (slot >= 0) {
                    String value;
                    if (eq > 0 && a.startsWith("-")) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        return null;
                    }
                    if (value.isEmpty() || values[slot] != null) {
                        return null;
                    }
                    values[slot] = value;
                } else if (a.equals("--json") && !json) {
                    json = true;
                } else if (a.equals("--wide") && !wide) {
                    wide = true;
                } else if (a.equals("--exit-on-failed") && !exitOnFailed) {
                    exitOnFailed = true;
                } else if (a.startsWith("-")) {
                    return null;
                } else {
                    words.add(a);
                }
            }
            return new Words(words, values[0], values[1], values[2], values[3], values[4], json, wide, exitOnFailed);
        }

        private static final List<String> VALUE_OPTIONS = List.of("--state-dir", "--socket", "--timeout", "--config", "--log-format");
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
