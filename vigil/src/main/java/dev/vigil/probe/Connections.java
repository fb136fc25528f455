package dev.vigil.probe;

import dev.vigil.config.Endpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens the blocking socket channel of a probe, guarded by its deadline, and names connect failures. */
final class Connections {
    private Connections() {
    }

    /**
     * Connects to {@code endpoint} before {@code deadline}.
     *
     * @throws ProbeFailure the peer refused, the Unix socket file is missing, the host is unknown, or
     *                      the deadline passed first
     */
    static SocketChannel connect(Endpoint endpoint, Deadline deadline) throws ProbeFailure {
        SocketAddress address = address(endpoint, deadline);
        SocketChannel channel = null;
        try {
            channel = deadline.guard(endpoint instanceof Endpoint.Unix
                    ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open());
            channel.connect(address);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw failure(e, deadline, "connect to " + endpoint, endpoint);
        }
    }

    /**
     * Turns an I/O exception into what happened: a timeout when the deadline closed the channel,
     * otherwise a failure whose reason people can act on.
     */
    static ProbeFailure failure(IOException e, Deadline deadline, String during, Endpoint endpoint) {
        if (deadline.expired()) {
            return ProbeFailure.timedOut();
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof java.net.ConnectException && message.contains("refused")) {
            return ProbeFailure.unhealthy("connect refused (" + endpoint + ")");
        }
        if (e instanceof SocketException && message.contains("No such file or directory")) {
            return ProbeFailure.unhealthy("connect refused (" + endpoint + "): socket file missing");
        }
        if (message.contains("Connection reset")) {
            return ProbeFailure.unhealthy("connection reset (" + during + ")");
        }
        if (message.contains("Broken pipe")) {
            return ProbeFailure.unhealthy("connection closed by peer (" + during + ")");
        }
        return ProbeFailure.unhealthy(during + " failed: " + e.getClass().getSimpleName() + ": " + message);
    }

    static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing after a failed probe: the result is already decided.
            }
        }
    }

    private static SocketAddress address(Endpoint endpoint, Deadline deadline) throws ProbeFailure {
        return switch (endpoint) {
            case Endpoint.Unix unix -> UnixDomainSocketAddress.of(unix.path());
            case Endpoint.Tcp tcp -> new InetSocketAddress(resolve(tcp.host(), deadline), tcp.port());
        };
    }

    /**
     * Resolves a host name within the deadline. Name lookups cannot be interrupted, so a non-literal
     * host is resolved on its own virtual thread that the probe stops waiting for at the deadline.
     */
    private static InetAddress resolve(String host, Deadline deadline) throws ProbeFailure {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            // A name: look it up below.
        }
        CompletableFuture<InetAddress> lookup = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                lookup.complete(InetAddress.getByName(host));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        });
        try {
            return lookup.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw ProbeFailure.timedOut();
        } catch (ExecutionException e) {
            throw ProbeFailure.unhealthy("cannot resolve host " + host + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProbeFailure.timedOut();
        }
    }
}
