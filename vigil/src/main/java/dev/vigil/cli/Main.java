package dev.vigil.cli;

import dev.vigil.api.StateDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code vigil} command line. Client commands talk to a running daemon over its control
 * socket with {@link dev.vigil.api.ControlClient} and never load Jackson, the store or the
 * supervisor, so they start fast.
 *
 * <p>{@code list} and {@code status NAME} with plain arguments skip picocli entirely
 * ({@link FastPath}); everything else is parsed by picocli.
 *
 * <p>Adding a command is one line: its class in {@code subcommands} below. A command is a
 * picocli {@code @Command} implementing {@code Callable<Integer>}; it reaches the global
 * options and the {@link CliEnvironment} through {@code @ParentCommand Main main}. Keep heavy
 * work (and heavy field types) inside {@code call()}: picocli inspects every command class
 * at start-up.
 */
@Command(name = "vigil",
        mixinStandardHelpOptions = true,
        version = "vigil 0.1.0",
        description = "Supervise services and tell whether they really answer.",
        subcommands = {
                ListCommand.class,
                StatusCommand.class,
                StartCommand.class,
                StopCommand.class,
                RestartCommand.class,
                ResetCommand.class,
                LogsCommand.class,
                EventsCommand.class,
                ReloadCommand.class,
                NotifyCommand.class,
                CheckCommand.class,
                ProbeCommand.class,
                ProbeNowCommand.class,
                ExportCommand.class,
                DaemonCommand.class,
                TokenCommand.class,
                RunCommand.class,
        },
        footer = {"", "Example:", "  vigil list", "  vigil status web; echo $?   # 0 running, 1 degraded, 3 not running, 4 unknown, 5 no daemon"})
public final class Main implements Callable<Integer> {

    @Option(names = "--state-dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Daemon state directory (default: $VIGIL_STATE_DIR, else /var/lib/vigil for root, "
                    + "else $XDG_STATE_HOME/vigil or ~/.local/state/vigil)")
    Path stateDir;

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "Control socket (default: <state-dir>/vigil.sock)")
    Path socket;

    // Not inherited: `probe` has a --timeout of its own (the probe's limit). Client commands
    // accept it after their name too (ClientCommand), so both spellings work.
    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for the daemon's answer (default: 10s for reads, 5m for start/stop/restart/reset/reload)")
    String timeout;

    private CliEnvironment env;

    public static void main(String[] args) {
        // Jetty brings slf4j-api onto the class path without a provider; its "no providers" notice
        // must not reach a user's terminal (or a probe's output) from any command.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        // A client reads the daemon's answer into records once: core reflection's method-handle
        // accessors would spin ~60 classes for that (~80 ms of a cold `vigil list` on this machine,
        // docs/benchmarks/cli.md), the JNI ones cost nothing to set up. The daemon and `run`, which
        // bind and write records all day, keep the JDK's default. Read once, at the first
        // reflective call, so it is set before anything else runs.
        if (System.getProperty(NATIVE_ACCESSORS) == null && !longRunning(args)) {
            System.setProperty(NATIVE_ACCESSORS, "true");
        }
        if (System.getProperty(SELECTOR_PROVIDER) == null && !longRunning(args) && present(EPOLL_SELECTOR_PROVIDER)) {
            System.setProperty(SELECTOR_PROVIDER, EPOLL_SELECTOR_PROVIDER);
        }
        CliEnvironment env = CliEnvironment.system();
        var fast = FastPath.tryRun(env, args);
        if (fast.isPresent() && !longRunning(args)) {
            // halt, not exit: a client registers no shutdown hook and has flushed its output, and
            // System.exit first looks for a System.Logger backend (to log the exit), a service
            // lookup that opens and indexes both jars on the class path: ~10 ms of a `vigil list`.
            // (The daemon exits: a library it loads, such as sqlite-jdbc, may clean up at exit.)
            Runtime.getRuntime().halt(fast.getAsInt());
        }
        System.exit(fast.isPresent() ? fast.getAsInt() : runWithPicocli(env, args));
    }

    // The selector provider a socket channel needs, named up front: left unnamed, the JDK looks it
    // up as a service first, which opens and indexes both jars on the class path (7,000+ entries,
    // ~8 ms of every `vigil list`) only to find none and take this same Linux default. Named only
    // when this JDK has it, so another JDK just pays for the lookup.
    private static final String SELECTOR_PROVIDER = "java.nio.channels.spi.SelectorProvider";
    private static final String EPOLL_SELECTOR_PROVIDER = "sun.nio.ch.EPollSelectorProvider";

    private static boolean present(String className) {
        try {
            Class.forName(className, false, null);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static final String NATIVE_ACCESSORS = "jdk.reflect.useNativeAccessorOnly";

    /** Whether the command line may start the daemon (a word "daemon" or "run" anywhere: a client that only looks so loses nothing but speed). */
    static boolean longRunning(String... args) {
        for (String a : args) {
            if (a.equals("daemon") || a.equals("run")) {
                return true;
            }
        }
        return false;
    }

    /** Runs one command line in {@code env} and returns the exit code (see {@link ExitCodes}). */
    public static int run(CliEnvironment env, String... args) {
        var fast = FastPath.tryRun(env, args);
        if (fast.isPresent()) {
            return fast.getAsInt();
        }
        return runWithPicocli(env, args);
    }

    /** {@link #run} without the fast path (tests compare the two). */
    static int runWithPicocli(CliEnvironment env, String... args) {
        Main main = new Main();
        main.env = env;
        CommandLine cli = new CommandLine(main);
        cli.setOut(env.out());
        cli.setErr(env.err());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> unexpected(env, e));
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(env.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        int code = cli.execute(args);
        env.out().flush();
        env.err().flush();
        return code;
    }

    /**
     * What a command that failed in a way it does not report itself prints: one line, no stack
     * trace, exit 70 (the daemon's "fatal error"), the same on the fast path and picocli's.
     */
    static int unexpected(CliEnvironment env, Exception e) {
        env.err().println("vigil: unexpected error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        env.err().flush();
        return dev.vigil.daemon.Daemon.FATAL;
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(env.err(), env.colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF);
        return ExitCodes.USAGE;
    }

    public CliEnvironment env() {
        return env;
    }

    void env(CliEnvironment env) {
        this.env = env;
    }

    /** The state dir as the daemon resolves it ({@link StateDir#resolve}), from --state-dir or the environment. */
    public Path stateDir() {
        return StateDir.resolve(stateDir, env.env(), "root".equals(System.getProperty("user.name")));
    }

    /** The explicit --state-dir, or null. */
    public Path explicitStateDir() {
        return stateDir;
    }

    public Path socket() {
        return StateDir.socket(stateDir(), socket);
    }

    /** The --timeout, or {@code otherwise}. */
    public Duration timeout(Duration otherwise) {
        return timeout == null ? otherwise : Durations.parse(timeout);
    }
}
