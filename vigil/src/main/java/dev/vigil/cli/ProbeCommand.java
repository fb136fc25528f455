package dev.vigil.cli;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import dev.vigil.json.Json;
import dev.vigil.files.SearchPath;
import dev.vigil.probe.DeadlineAlarms;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.Prober;
import dev.vigil.process.ProcessInspector;
import dev.vigil.time.Ticker;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil probe SPEC}: runs one probe once, prints one line and exits 0 (healthy), 1
 * (unhealthy or timed out) or 2 (could not probe, or bad usage), so it serves as a container
 * HEALTHCHECK. Needs no daemon and keeps Jackson off its path.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Run one probe once; exit 0 healthy, 1 unhealthy or timed out, 2 could not probe.", "",
                "SPEC is one of:",
                "  http://HOST:PORT/PATH      HTTP GET (status 200-399 is healthy)",
                "  HOST:PORT, tcp://HOST:PORT TCP connect (or HTTP with --http, JSON-RPC with --jsonrpc)",
                "  unix:/PATH                 Unix socket connect (or HTTP with --http, JSON-RPC with --jsonrpc)",
                "  exec:COMMAND [ARGS...]     exit 0 within the timeout; put -- before arguments starting with -",
                "  grpc://HOST:PORT[/SERVICE] grpc.health.v1 Check answers SERVING (grpcs:// for TLS; needs the vigil-grpc plugin)",
                "", "Examples:",
                "  vigil probe http://127.0.0.1:8080/health --timeout 1s",
                "  vigil probe unix:/run/os/ui.sock --http /health",
                "  vigil probe unix:/run/os/api.sock --jsonrpc rpc.discover",
                "  vigil probe --timeout 5s exec:pg_isready -- -h 127.0.0.1",
                "  vigil probe grpc://127.0.0.1:50051/vigil.Demo",
                "  vigil probe --local web     # is service web RUNNING under the local daemon? (HEALTHCHECK)"})
public final class ProbeCommand implements Callable<Integer> {

    static final int HEALTHY = 0;
    static final int UNHEALTHY = 1;
    static final int CANNOT_PROBE = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "What to probe (see above).")
    String target;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of an exec: command.")
    List<String> execArgs = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "1s",
            description = "Hard limit of the whole probe, e.g. 500ms, 1s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--http", paramLabel = "PATH", description = "Send HTTP GET PATH over the HOST:PORT or unix: socket.")
    String httpPath;

    @Option(names = "--head", description = "Use HEAD instead of GET.")
    boolean head;

    @Option(names = "--jsonrpc", paramLabel = "METHOD", description = "Call JSON-RPC METHOD, newline-framed, over the socket.")
    String jsonRpcMethod;

    @Option(names = "--params", paramLabel = "JSON", description = "JSON-RPC params (JSON text).")
    String jsonRpcParams;

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Option(names = "--local", description = "SPEC is a service name: ask the local daemon over its control socket "
            + "whether it is RUNNING (exit 0), in another state (1), or cannot tell (2).")
    boolean local;

    @picocli.CommandLine.ParentCommand
    Main main;

    /** Null: the real probers, built (with their alarm thread) for the one probe and closed after it. */
    private final Prober prober;

    public ProbeCommand() {
        this(null);
    }

    ProbeCommand(Prober prober) {
        this.prober = prober;
    }

    private ProbeOutcome probe(ProbeTarget probeTarget, Duration limit) {
        if (prober != null) {
            return prober.probe(probeTarget, limit);
        }
        Ticker ticker = Ticker.system();
        try (DeadlineAlarms alarms = DeadlineAlarms.start(ticker)) {
            return Prober.standard(ticker, SearchPath.of(System.getenv("PATH")), alarms, ProcessInspector.system())
                    .probe(probeTarget, limit);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (local) {
            try {
                int code = LocalProbe.run(main.socket(), target, parseDuration(timeout), out, err);
                out.flush();
                err.flush();
                return code;
            } catch (IllegalArgumentException e) {
                err.println("vigil probe: " + e.getMessage());
                err.flush();
                return CANNOT_PROBE;
            }
        }
        Duration limit;
        ProbeTarget probeTarget;
        try {
            limit = parseDuration(timeout);
            probeTarget = parseTarget();
        } catch (IllegalArgumentException e) {
            err.println("vigil probe: " + e.getMessage());
            err.flush();
            return CANNOT_PROBE;
        }
        ProbeOutcome outcome = probe(probeTarget, limit);
        out.println(json ? jsonLine(probeTarget, outcome) : textLine(probeTarget, outcome));
        out.flush();
        return switch (outcome.verdict()) {
            case SUCCESS -> HEALTHY;
            case FAILURE -> UNHEALTHY;
            case NEUTRAL -> CANNOT_PROBE;
        };
    }

    ProbeTarget parseTarget() {
        if (target.startsWith("exec:")) {
            List<String> command = new ArrayList<>(List.of(target.substring("exec:".length()).trim().split("\\s+")));
            command.addAll(execArgs);
            if (command.getFirst().isEmpty()) {
                throw new IllegalArgumentException("exec: needs a command, e.g. exec:pg_isready");
            }
            return new ProbeTarget.Exec(command, Optional.empty());
        }
        if (!execArgs.isEmpty()) {
            throw new IllegalArgumentException("unexpected arguments " + execArgs + " (only exec: takes arguments)");
        }
        if (httpPath != null && jsonRpcMethod != null) {
            throw new IllegalArgumentException("--http and --jsonrpc exclude each other");
        }
        if (target.startsWith("http://")) {
            URI uri = URI.create(target);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("no host in " + target);
            }
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            return http(new Endpoint.Tcp(host, port), httpPath != null ? httpPath : path, uri.getRawAuthority());
        }
        if (target.startsWith("grpc://") || target.startsWith("grpcs://")) {
            return grpc(target);
        }
        if (target.startsWith("https://")) {
            throw new IllegalArgumentException("https probes are not supported yet; probe the plain-HTTP health port");
        }
        Endpoint endpoint = endpoint(target);
        if (httpPath != null) {
            return http(endpoint, httpPath, endpoint instanceof Endpoint.Tcp tcp ? tcp.toString() : "localhost");
        }
        if (jsonRpcMethod != null) {
            return new ProbeTarget.JsonRpc(endpoint, ProbeTarget.JsonRpcTransport.LINE, "/", jsonRpcMethod,
                    Optional.ofNullable(jsonRpcParams));
        }
        return new ProbeTarget.Tcp(endpoint);
    }

    /** {@code grpc://HOST:PORT[/SERVICE]}, {@code grpcs://} for TLS; no service checks the whole server. */
    private ProbeTarget.Grpc grpc(String spec) {
        if (httpPath != null || jsonRpcMethod != null) {
            throw new IllegalArgumentException("--http and --jsonrpc do not apply to " + spec);
        }
        boolean tls = spec.startsWith("grpcs://");
        String rest = spec.substring(tls ? "grpcs://".length() : "grpc://".length());
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String service = slash < 0 ? "" : rest.substring(slash + 1);
        if (hostPort.startsWith("unix:")) {
            throw new IllegalArgumentException("grpc probes connect over TCP: expected grpc://HOST:PORT[/SERVICE], was " + spec);
        }
        return new ProbeTarget.Grpc(endpoint(hostPort), service, tls);
    }

    private ProbeTarget.Http http(Endpoint endpoint, String path, String hostHeader) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--http PATH must start with /, was " + path);
        }
        return new ProbeTarget.Http(endpoint, head ? "HEAD" : "GET", path, hostHeader, 200, 399,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static Endpoint endpoint(String spec) {
        if (spec.startsWith("unix:")) {
            String path = spec.substring("unix:".length());
            if (path.isEmpty()) {
                throw new IllegalArgumentException("unix: needs a socket path, e.g. unix:/run/app.sock");
            }
            return new Endpoint.Unix(Path.of(path));
        }
        String hostPort = spec.startsWith("tcp://") ? spec.substring("tcp://".length()) : spec;
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("cannot read SPEC '" + spec
                    + "': expected http://HOST:PORT/PATH, HOST:PORT, tcp://HOST:PORT, unix:/PATH or exec:COMMAND");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new Endpoint.Tcp(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be 1-65535, was '" + hostPort.substring(colon + 1) + "' in " + spec);
        }
    }

    /** "500ms", "1s", "1.5s", "2m": positive and at most an hour, in the config's duration syntax. */
    static Duration parseDuration(String text) {
        Duration d;
        try {
            d = dev.vigil.config.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timeout: " + e.getMessage() + " (" + dev.vigil.config.Durations.EXAMPLES + ")");
        }
        if (d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("--timeout must be > 0 and at most 1h, was " + text);
        }
        return d;
    }

    static String textLine(ProbeTarget target, ProbeOutcome outcome) {
        String result = switch (outcome) {
            case ProbeOutcome.Healthy healthy -> "ok: " + healthy.describe();
            case ProbeOutcome.Unhealthy unhealthy -> "failed: " + unhealthy.reason() + " after " + millis(unhealthy.latency()) + " ms";
            case ProbeOutcome.TimedOut timedOut -> "failed: " + timedOut.describe();
            case ProbeOutcome.Unprobeable unprobeable -> "unprobeable: " + unprobeable.problem();
            case ProbeOutcome.Unknown unknown -> "unknown: " + unknown.describe();
        };
        return result + " (" + target.describe() + ")";
    }

    static String jsonLine(ProbeTarget target, ProbeOutcome outcome) {
        String result = switch (outcome.verdict()) {
            case SUCCESS -> "ok";
            case FAILURE -> "failed";
            case NEUTRAL -> "unprobeable";
        };
        Optional<Duration> latency = switch (outcome) {
            case ProbeOutcome.Healthy healthy -> Optional.of(healthy.latency());
            case ProbeOutcome.Unhealthy unhealthy -> Optional.of(unhealthy.latency());
            case ProbeOutcome.TimedOut timedOut -> Optional.of(timedOut.limit());
            case ProbeOutcome.Unprobeable unprobeable -> Optional.empty();
            case ProbeOutcome.Unknown unknown -> Optional.empty();
        };
        return "{\"result\":\"" + result + "\",\"target\":" + Json.write(target.describe())
                + ",\"detail\":" + Json.write(outcome.describe())
                + latency.map(l -> ",\"latency_ms\":" + millis(l)).orElse("") + "}";
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
    }
}
