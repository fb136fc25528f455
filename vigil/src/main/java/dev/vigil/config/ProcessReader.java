package dev.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Reads one process: a {@code [services.S.processes.P]} table, or the single-process keys of a service. */
final class ProcessReader {

    /** The keys of a process, which a service may also carry directly (the single-process shorthand). */
    static final List<String> KEYS = Stream.concat(Stream.of("command", "env", "cwd", "stop_signal",
            "stop_timeout", "type", "start_timeout", "watchdog", "notify_access", "jvm", "log_max_bytes", "log_backups",
            "log_tail_lines"), ControlsReader.KEYS.stream()).toList();

    private static final long MIN_LOG_BYTES = 1024;
    /** A start cannot be judged in less; a smaller value fails every start and loops through backoff. */
    private static final DurationRule START_TIMEOUT = DurationRule.between(Duration.ofMillis(100), DurationRule.DAY);
    /** Watchdog deadlines shorter than this are missed by scheduling jitter alone. */
    private static final DurationRule WATCHDOG = DurationRule.between(Duration.ofMillis(100), DurationRule.HOUR);
    private static final long MAX_LOG_BYTES = 64L << 30;

    private final Executables executables;
    private final ControlsReader controlsReader;

    ProcessReader(Executables executables, Accounts accounts) {
        this.executables = executables;
        this.controlsReader = new ControlsReader(accounts);
    }

    /** Reads the process keys of {@code r}; empty when any of them had a problem (all reported). */
    Optional<ProcessSpec> read(String name, TomlReader r) {
        Optional<Path> cwd = Commands.cwd(r);
        Map<String, String> env = r.stringMap("env", "a table of strings such as { PORT = \"8080\" }");
        for (String key : env.keySet()) {
            if (key.isEmpty() || key.contains("=") || key.contains("\0")) {
                r.problem("env", TomlValues.quote(key), "has a variable name that cannot be exported",
                        "names without '=' such as PORT");
            }
        }
        Optional<List<String>> command = Commands.command(r, cwd, executables.withOwnPath(env.get("PATH")));
        UnixSignal stopSignal = signal(r);
        Duration stopTimeout = r.duration("stop_timeout", Duration.ofSeconds(10), DurationRule.positiveUpTo(DurationRule.HOUR));
        ProcessType type = r.choice("type", ProcessType.SIMPLE, ProcessType.class);
        Duration startTimeout = r.duration("start_timeout", Duration.ofSeconds(30), START_TIMEOUT);
        Optional<Duration> watchdog = r.duration("watchdog", WATCHDOG);
        NotifyAccess notifyAccess = r.choice("notify_access", NotifyAccess.MAIN, NotifyAccess.class);
        boolean jvm = r.bool("jvm", false);
        LogSpec defaults = LogSpec.defaults();
        long maxBytes = logBytes(r, defaults.maxBytes());
        int backups = r.integer("log_backups", defaults.backups(), 0, 100);
        int tailLines = r.integer("log_tail_lines", defaults.tailLines(), 0, 1_000_000);
        ProcessControls controls = controlsReader.read(r);
        if (r.failed(KEYS.toArray(String[]::new)) || command.isEmpty() || cwd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ProcessSpec(name, command.get(), env, cwd, stopSignal, stopTimeout, type, startTimeout,
                watchdog, notifyAccess, jvm, new LogSpec(maxBytes, backups, tailLines), controls));
    }

    private static UnixSignal signal(TomlReader r) {
        String expected = "a signal name: " + String.join(", ", UnixSignal.names());
        Optional<String> text = r.string("stop_signal", expected);
        if (text.isEmpty()) {
            return UnixSignal.TERM;
        }
        Optional<UnixSignal> signal = UnixSignal.parse(text.get());
        if (signal.isEmpty()) {
            r.problem("stop_signal", TomlValues.quote(text.get()), "is not a signal Vigil sends", expected);
            return UnixSignal.TERM;
        }
        return signal.get();
    }

    private static long logBytes(TomlReader r, long dflt) {
        return ControlsReader.size(r, "log_max_bytes", MIN_LOG_BYTES, MAX_LOG_BYTES).orElse(dflt);
    }
}
