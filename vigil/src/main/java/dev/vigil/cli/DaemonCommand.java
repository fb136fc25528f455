package dev.vigil.cli;

import dev.vigil.daemon.Daemon;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code vigil daemon --config PATH [--state-dir DIR]}: the supervisor, in the foreground. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the supervisor in the foreground: start the configured services, probe them, restart them by "
                + "their policy, and serve the CLI on <state-dir>/vigil.sock.",
                "Logs one JSON object per line on stdout (ts, level, event, service, process, fields).",
                "SIGTERM/SIGINT stop every service gracefully and exit 0; SIGHUP reloads the config."},
        footer = {"", "Examples:", "  vigil daemon --config /etc/vigil/", "  vigil daemon --config services.toml --state-dir /tmp/vigil",
                "", "Exit status: 0 stopped on request, 1 invalid config (every problem printed), 2 could not start "
                + "(e.g. a daemon already runs on the socket), 70 fatal error (every service was stopped; restart the daemon)."})
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A .toml file, or a directory of *.toml files.")
    Path config;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        // The state dir resolves as for every client command, so `vigil list` finds this daemon.
        return new Daemon(config, main.stateDir(), System.out, System.err).run();
    }
}
