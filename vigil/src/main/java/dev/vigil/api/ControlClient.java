package dev.vigil.api;

import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import jdk.net.ExtendedSocketOptions;

/**
 * A client of the control socket for the CLI: one connection, one request, one response line.
 * Uses only the JDK and {@link Json} (no Jackson), because CLI start-up time matters.
 * Not thread-safe; cheap to create.
 *
 * <p>Before it sends anything it checks with {@code SO_PEERCRED} who serves the socket: only
 * root or the user running the client is believed, so a socket another user put in the path
 * (issue 9 item 4) can neither read the request nor forge the answer. A "server busy" answer
 * (the daemon did not start the request) is retried a few times with a short, growing pause.
 */
public final class ControlClient {

    /** A response larger than this is refused rather than buffered without bound. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;

    /** Attempts in all when the daemon answers "server busy"; the pauses between them double from {@link #FIRST_PAUSE}. */
    static final int BUSY_ATTEMPTS = 6;
    static final Duration FIRST_PAUSE = Duration.ofMillis(10);

    private final Path socket;
    private final Duration timeout;
    private final int busyAttempts;
    private long nextId = 1;

    /**
     * @param socket  the daemon's control socket
     * @param timeout how long to wait for the response (a stop may take the services' grace)
     */
    public ControlClient(Path socket, Duration timeout) {
        this(socket, timeout, BUSY_ATTEMPTS);
    }

    /** @param busyAttempts how many times to try in all while the daemon answers "server busy" (1: no retry) */
    ControlClient(Path socket, Duration timeout, int busyAttempts) {
        this.socket = socket;
        this.timeout = timeout;
        this.busyAttempts = busyAttempts;
    }

    public Path socket() {
        return socket;
    }

    /**
     * Calls {@code method} with named {@code params} and returns its {@code result}, decoded as
     * described in {@link Json} (usually a {@code Map<String, Object>}).
     *
     * @throws DaemonUnavailableException no daemon listens on the socket, or it may not be used
     * @throws ApiException               the daemon answered with a JSON-RPC error
     * @throws IOException                the connection failed midway or timed out
     */
    public Object call(String method, Map<String, ?> params) throws IOException {
        long pauseMillis = FIRST_PAUSE.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return callOnce(method, params);
            } catch (ApiException e) {
                // Busy is answered before the request is read, so nothing happened: safe to repeat.
                if (e.code() != RpcErrors.SERVER_BUSY || attempt >= busyAttempts) {
                    throw e;
                }
            }
            pause(pauseMillis + java.util.concurrent.ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1));
            pauseMillis *= 2;
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry a busy daemon");
        }
    }

    private Object callOnce(String method, Map<String, ?> params) throws IOException {
        long id = nextId++;
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("jsonrpc", "2.0");
        request.put("id", id);
        request.put("method", method);
        request.put("params", params);
        byte[] bytes = (Json.write(request) + "\n").getBytes(StandardCharsets.UTF_8);

        try (SocketChannel channel = connect()) {
            ByteBuffer out = ByteBuffer.wrap(bytes);
            try {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } catch (IOException writeFailed) {
                // A daemon that refuses us (another uid, server busy) answers at once and closes;
                // our write can then fail with a broken pipe although its answer is waiting to be read.
                String refusal;
                try {
                    refusal = readLine(channel);
                } catch (IOException nothingToRead) {
                    writeFailed.addSuppressed(nothingToRead);
                    throw writeFailed;
                }
                return result(refusal, id);
            }
            String line = readLine(channel);
            return result(line, id);
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DaemonUnavailableException(socket, whyUnavailable(e), e);
        }
        try {
            requireTrustedPeer(channel);
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Only root or this user may answer us: anyone else's socket could forge every state it reports. */
    private void requireTrustedPeer(SocketChannel channel) throws IOException {
        UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal self = Files.getOwner(Path.of("/proc/self"));   // owned by our effective uid
        if (peer.equals(self) || peer.equals(users.lookupPrincipalByName("0"))) {
            return;
        }
        throw new DaemonUnavailableException(socket, "refusing to trust " + socket + ": it is served by "
                + PeerUsers.describe(peer).text() + ", neither root nor you (" + PeerUsers.describe(self).text()
                + "), so another user may have put a fake daemon there; check the owner and mode of "
                + socket.getParent() + " and use a --state-dir only you can write", null);
    }

    private String whyUnavailable(IOException e) {
        if (!Files.exists(socket)) {
            return "no daemon: " + socket + " does not exist";
        }
        String message = String.valueOf(e.getMessage());
        if (e instanceof AccessDeniedException || message.contains("Permission denied")) {
            return "permission denied on " + socket + ": the daemon runs as another user";
        }
        if (message.contains("Connection refused")) {
            return "no daemon is listening on " + socket + " (a stale socket)";
        }
        return "cannot connect to " + socket + ": " + message;
    }

    private String readLine(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteArrayOutputStream line = new ByteArrayOutputStream(8192);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        // The real clock: it bounds a real blocking wait (Selector.select) for the daemon's answer.
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no answer from the daemon on " + socket + " within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    if (line.size() > 0) {
                        return line.toString(StandardCharsets.UTF_8);
                    }
                    throw new IOException("the daemon closed the connection on " + socket + " without an answer");
                }
                byte[] array = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (array[i] == '\n') {
                        line.write(array, 0, i);
                        return line.toString(StandardCharsets.UTF_8);
                    }
                }
                line.write(array, 0, n);
                if (line.size() > MAX_RESPONSE_BYTES) {
                    throw new IOException("the daemon's answer exceeds " + MAX_RESPONSE_BYTES + " bytes");
                }
            }
        }
    }

    private Object result(String line, long id) throws IOException {
        Object parsed;
        try {
            parsed = Json.parse(line);
        } catch (JsonException e) {
            throw new IOException("the daemon answered with invalid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> response)) {
            throw new IOException("the daemon answered with something other than a JSON-RPC response");
        }
        if (response.get("error") instanceof Map<?, ?> error) {
            int code = error.get("code") instanceof Number n ? n.intValue() : RpcErrors.INTERNAL_ERROR;
            String message = String.valueOf(error.get("message"));
            Map<String, Object> data = new LinkedHashMap<>();
            if (error.get("data") instanceof Map<?, ?> d) {
                d.forEach((k, v) -> data.put(String.valueOf(k), v));
            }
            throw new ApiException(code, message, data);
        }
        if (!(response.get("id") instanceof Number n) || n.longValue() != id) {
            throw new IOException("the daemon answered another request (id " + response.get("id") + ", expected " + id + ")");
        }
        if (!response.containsKey("result")) {
            throw new IOException("the daemon's response has neither result nor error");
        }
        return response.get("result");
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
        }
    }
}
