package dev.vigil.cli;

import dev.vigil.config.DaemonSettings;
import dev.vigil.daemon.Daemon;
import dev.vigil.daemon.RunOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vigil run --config PATH}: the daemon as a container's entrypoint (docs/CONTAINERS.md).
 * A command of its own rather than {@code vigil daemon --init}: what it adds (reaping orphans,
 * service output on stdout, exiting when a critical service fails) is wrong for a host daemon,
 * and one name per behaviour keeps Dockerfiles and unit files unambiguous.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the supervisor as a container's entrypoint (PID 1) or under a shell: everything `vigil daemon` "
                + "does, and also:",
                "- reaps every orphaned zombie (as PID 1, else as a child subreaper); orphans of a service are logged "
                        + "(orphan_adopted) and killed when the instance they came from has ended;",
                "- copies every service's output to stdout/stderr, one line each (--log-format), besides the log files;",
                "- stops everything and exits 3 when a `critical = true` service (or, with exit_on_failed, any) reaches FAILED.",
                "SIGTERM/SIGINT stop every service (reverse of start order) and exit 0; SIGHUP reloads the config."},
        footer = {"", "Examples:", "  vigil run --config /etc/vigil/", "  ENTRYPOINT [\"vigil\", \"run\", \"--config\", \"/etc/vigil\"]",
                "", "Exit status: 0 stopped on request, 1 invalid config, 2 could not start, 3 a critical service "
                + "(or any, with exit_on_failed) reached FAILED (the reason is on stderr), 70 fatal error."})
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "PATH",
            description = "A .toml file, or a directory of *.toml files.")
    Path config;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "How service output appears on stdout/stderr: prefix (`service/process | line`) or json "
                    + "(default: [daemon] log_format, else prefix).")
    String logFormat;

    @Option(names = "--exit-on-failed", description = "Exit 3 when any service reaches FAILED (as [daemon] exit_on_failed = true).")
    boolean exitOnFailed;

    @ParentCommand
    Main main;

    @Override
    public Integer call() throws Exception {
        DaemonSettings.LogFormat format = null;
        if (logFormat != null) {
            try {
                format = DaemonSettings.LogFormat.valueOf(logFormat.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                main.env().err().println("vigil run: --log-format must be prefix or json, was '" + logFormat + "'");
                return ExitCodes.USAGE;
            }
        }
        return new Daemon(config, main.stateDir(), System.out, System.err, new RunOptions(format, exitOnFailed)).run();
    }
}
