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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of the control socket for the CLI: one connection, one request, one response line.
 * Uses only the JDK and {@link Json} (no Jackson), because CLI start-up time matters.
 * Not thread-safe; cheap to create.
 */
public final class ControlClient {

    /** A response larger than this is refused rather than buffered without bound. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;

    private final Path socket;
    private final Duration timeout;
    private long nextId = 1;

    /**
     * @param socket  the daemon's control socket
     * @param timeout how long to wait for the response (a stop may take the services' grace)
     */
    public ControlClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
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

    private SocketChannel connect() throws DaemonUnavailableException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DaemonUnavailableException(socket, whyUnavailable(e), e);
        }
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
