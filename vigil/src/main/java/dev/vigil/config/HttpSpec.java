package dev.vigil.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The daemon's HTTP listener, from the optional {@code [http]} table: {@code /metrics},
 * {@code /livez}, {@code /readyz} and the HTTP read API. Absent table = no listener at all.
 *
 * @param listen                     where to listen: TCP host and port, or a Unix socket
 * @param tokenFile                  the file holding the bearer token; empty = {@code http.token}
 *                                   in the state dir (what {@code vigil token} creates)
 * @param allowUnauthenticatedRemote a non-loopback bind serves reads without a token; actions
 *                                   still need one
 * @param maxConnections             connections open at once; more wait in the kernel's backlog
 * @param maxHeaderBytes             the request line plus headers; larger gets 431
 * @param maxBodyBytes               the largest action body; larger gets 413
 * @param idleTimeout                a connection that sends or reads nothing this long is closed
 * @param probeHistogram             export {@code vigil_probe_duration_seconds} (a histogram per probe);
 *                                   off by default: it doubles the size of a scrape (docs/benchmarks/http.md)
 */
public record HttpSpec(Endpoint listen, Optional<Path> tokenFile, boolean allowUnauthenticatedRemote,
                       int maxConnections, int maxHeaderBytes, int maxBodyBytes, Duration idleTimeout,
                       boolean probeHistogram) {

    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The token file's name in the state dir when {@code token_file} is not set. */
    public static final String DEFAULT_TOKEN_FILE = "http.token";

    /**
     * True when only this machine can connect: a Unix socket, or a TCP bind to a loopback
     * address ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}). A wildcard or any other
     * address, or a host name other than {@code localhost}, is remote.
     */
    public boolean loopback() {
        return switch (listen) {
            case Endpoint.Unix u -> true;
            case Endpoint.Tcp t -> isLoopback(t.host());
        };
    }

    /** Whether reads need the token too: a remote bind with a token file and no explicit opt-out. */
    public boolean readsNeedToken() {
        return !loopback() && !allowUnauthenticatedRemote;
    }

    /** The token file: {@code token_file} if set, else {@code http.token} in {@code stateDir}. */
    public Path tokenFile(Path stateDir) {
        return tokenFile.orElse(stateDir.resolve(DEFAULT_TOKEN_FILE));
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Literals only: a host name is never resolved at config time.
            return InetAddress.ofLiteral(host).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
