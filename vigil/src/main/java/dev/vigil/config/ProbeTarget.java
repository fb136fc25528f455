package dev.vigil.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The kinds of probe, each with what it needs. Handled by a switch without default. */
public sealed interface ProbeTarget {

    /** {@code kind = "tcp"}: a connect succeeds. */
    record Tcp(Endpoint endpoint) implements ProbeTarget {}

    /**
     * {@code kind = "http"}: a request whose status is within [statusMin, statusMax] (default
     * 200-399) and, if given, whose body contains a substring / matches a regex and which carries a
     * header. At most 64 KiB of the body is read.
     */
    record Http(
            Endpoint endpoint,
            String method,
            String path,
            String hostHeader,
            int statusMin,
            int statusMax,
            Optional<String> bodyContains,
            Optional<Pattern> bodyMatches,
            Optional<String> headerName,
            Optional<String> headerValue) implements ProbeTarget {

        // Pattern has identity equality; a reload compares specs to decide "changed", so two
        // probes written the same way must be equal or every regex probe would restart its service.
        @Override
        public boolean equals(Object o) {
            return o instanceof Http h
                    && endpoint.equals(h.endpoint) && method.equals(h.method) && path.equals(h.path)
                    && hostHeader.equals(h.hostHeader) && statusMin == h.statusMin && statusMax == h.statusMax
                    && bodyContains.equals(h.bodyContains) && regexText().equals(h.regexText())
                    && headerName.equals(h.headerName) && headerValue.equals(h.headerValue);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(endpoint, method, path, hostHeader, statusMin, statusMax,
                    bodyContains, regexText(), headerName, headerValue);
        }

        private Optional<String> regexText() {
            return bodyMatches.map(p -> p.pattern() + "/" + p.flags());
        }
    }

    /**
     * {@code kind = "jsonrpc"}: a JSON-RPC 2.0 call; success is a response with a {@code result}.
     *
     * @param transport  UNIX_LINE (newline-framed over a Unix socket or TCP) or HTTP (POST)
     * @param httpPath   for HTTP, the path to POST to (default "/")
     * @param method     default {@code rpc.discover}
     * @param paramsJson the params as JSON text, if any
     */
    record JsonRpc(Endpoint endpoint, JsonRpcTransport transport, String httpPath, String method,
                   Optional<String> paramsJson) implements ProbeTarget {}

    /** {@code kind = "exec"}: exit 0 within the timeout; on timeout the whole group is killed. */
    record Exec(List<String> command, Optional<java.nio.file.Path> cwd) implements ProbeTarget {
        public Exec {
            command = List.copyOf(command);
        }
    }

    /** {@code kind = "grpc"}: grpc.health.v1 Check of {@code service} answers SERVING. */
    record Grpc(Endpoint endpoint, String service, boolean tls) implements ProbeTarget {}

    /**
     * The probe {@code restart_on_memory} adds (never written as a probe table): the resident
     * memory of {@code process}'s group, measured by the daemon, is at most {@code limitBytes}.
     * See {@link MemoryProbes}.
     */
    record Memory(String service, String process, long limitBytes) implements ProbeTarget {}

    enum JsonRpcTransport { LINE, HTTP }

    /** The probe's kind as written in config ({@code kind = "http"}), e.g. for events and the API. */
    default String kind() {
        return switch (this) {
            case Tcp t -> "tcp";
            case Http h -> "http";
            case JsonRpc j -> "jsonrpc";
            case Exec e -> "exec";
            case Grpc g -> "grpc";
            case Memory m -> "memory";
        };
    }

    /** A short human name of the target, e.g. {@code http://127.0.0.1:8080/health}. */
    default String describe() {
        return switch (this) {
            case Tcp t -> "tcp " + t.endpoint();
            case Http h -> h.method() + " " + h.endpoint() + h.path();
            case JsonRpc j -> "jsonrpc " + j.method() + " " + j.endpoint();
            case Exec e -> "exec " + String.join(" ", e.command());
            case Grpc g -> "grpc " + g.endpoint() + (g.service().isEmpty() ? "" : "/" + g.service());
            case Memory m -> "rss of " + m.process() + " at most " + ByteSizes.format(m.limitBytes());
        };
    }

}
