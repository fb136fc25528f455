package dev.vigil.daemon;

import dev.vigil.config.DaemonSettings;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.VigilConfig;
import dev.vigil.event.VigilEvent;
import dev.vigil.json.Json;
import dev.vigil.process.LogLine;
import dev.vigil.process.OutputEcho;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code vigil run} adds to the daemon, as a container's entrypoint: every service's output
 * copied to Vigil's own stdout/stderr ({@link #echo}), and the exit on a FAILED critical service
 * ({@link #failureWatch}). The reaping of orphans lives in {@code process.ChildReaper}.
 *
 * <p>Service lines go through two {@link AsyncLineWriter}s of their own, apart from the event
 * lines: a service that floods its output can drop its own lines, never Vigil's events, and a
 * stalled stdout drops and counts lines instead of blocking the capture thread.
 *
 * <p>Thread-safe.
 */
final class ContainerRun implements AutoCloseable {
    /** Exit code of {@code vigil run} when a critical service (or any, with exit_on_failed) reached FAILED. */
    static final int SERVICE_FAILED = 3;

    private final DaemonSettings.LogFormat format;
    private final boolean exitOnFailedOption;
    private final AsyncLineWriter out;
    private final AsyncLineWriter err;
    private volatile Set<String> critical = Set.of();
    private volatile boolean exitOnFailed;
    private volatile String failure;

    /**
     * @param format       null: the config's {@code [daemon] log_format}
     * @param exitOnFailed true: as {@code [daemon] exit_on_failed = true} whatever the config says
     */
    ContainerRun(VigilConfig config, DaemonSettings.LogFormat format, boolean exitOnFailed, PrintStream stdout,
            PrintStream stderr) {
        this.format = format == null ? config.daemon().logFormat() : format;
        this.exitOnFailedOption = exitOnFailed;
        this.out = AsyncLineWriter.start("vigil-echo-out", stdout,
                dropped -> "vigil run: " + dropped + " lines of service output were dropped while stdout could not be written");
        this.err = AsyncLineWriter.start("vigil-echo-err", stderr,
                dropped -> "vigil run: " + dropped + " lines of service output were dropped while stderr could not be written");
        applied(config);
    }

    /** A config was applied (start or reload): which services are critical now. */
    void applied(VigilConfig config) {
        critical = config.services().stream().filter(ServiceSpec::critical).map(ServiceSpec::name)
                .collect(Collectors.toUnmodifiableSet());
        exitOnFailed = exitOnFailedOption || config.daemon().exitOnFailed();
    }

    /** Copies each line to stdout or stderr as the process wrote it, never blocking the caller. */
    OutputEcho echo() {
        return (service, process, stream, at, line) -> {
            String formatted = format(service, process, stream, at, line);
            (stream == LogLine.Stream.STDOUT ? out : err).offer(formatted);
        };
    }

    String format(String service, String process, LogLine.Stream stream, Instant at, String line) {
        return switch (format) {
            case PREFIX -> service + "/" + process + " | " + line;
            case JSON -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("ts", DateTimeFormatter.ISO_INSTANT.format(at));
                fields.put("service", service);
                fields.put("process", process);
                fields.put("stream", stream == LogLine.Stream.STDOUT ? "stdout" : "stderr");
                fields.put("line", line);
                yield Json.write(fields);
            }
        };
    }

    /**
     * Runs {@code stopAll} once, the first time a critical service (or any, with exit_on_failed)
     * reaches FAILED; on the supervisor's thread, so {@code stopAll} must only signal.
     */
    EventSink failureWatch(Runnable stopAll) {
        return (Instant at, VigilEvent event) -> {
            if (event instanceof SupervisorEvent.ServiceStateChanged changed && changed.to() == StateKind.FAILED
                    && (exitOnFailed || critical.contains(changed.service())) && failure == null) {
                failure = "service " + changed.service() + " reached FAILED (" + changed.reason() + ")"
                        + (critical.contains(changed.service()) ? ": it is critical" : ": exit_on_failed is set");
                stopAll.run();
            }
        };
    }

    /** Why everything is being stopped, or null when it was asked to stop (SIGTERM/SIGINT). */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        out.close();
        err.close();
    }
}
