package dev.vigil.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The control socket: JSON-RPC 2.0 over a Unix domain socket, one JSON object per line.
 *
 * <p>One platform thread accepts; each connection is served by its own virtual thread, at most
 * {@link ServerOptions#maxConnections()} at once (excess connections get a "server busy" error
 * and are closed immediately). A connection counts as served until its request is answered:
 * the count is released just before the answer is written, so a client that connects again as
 * soon as it has its answer always finds its place free (issue 9 item 11). The bytes of requests
 * in flight, and of answers their clients have not read yet, are bounded across all connections
 * ({@link ServerOptions#maxBytesInFlight()}); a request that would exceed them is answered
 * "server busy" at once. Every connection is checked
 * with {@code SO_PEERCRED} first.
 * A connection may send several requests in turn; responses come in request order. Nothing a
 * client sends can stop the server: bad input gets a JSON-RPC error, a too-long line or a
 * silent client gets an error and a close.
 *
 * <p>{@link #close()} stops accepting, closes every connection and removes the socket file.
 */
public final class ControlServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());
    private static final int BACKLOG = 256;
    /** Every connection may hold this much of a request without touching the shared budget (its read buffer is as big). */
    static final int FREE_BYTES_PER_CONNECTION = 64 * 1024;
    private static final byte[] NEWLINE = {'\n'};

    private final ServerOptions options;
    private final SocketBinder.Bound bound;
    private final RpcDispatcher dispatcher;
    private final UserPrincipal allowedUser;
    private final ServingLimits limits;
    private final ScheduledExecutorService timers;
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("vigil-control-", 0).factory();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(ServerOptions options, SocketBinder.Bound bound, MethodRegistry registry) throws IOException {
        this.options = options;
        this.bound = bound;
        this.allowedUser = options.allowedUser() != null ? options.allowedUser() : Files.getOwner(options.socket());
        this.limits = new ServingLimits(options);
        this.timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vigil-control-timer").factory());
        this.dispatcher = new RpcDispatcher(withDiscover(registry), ApiCodec.SERVER);
        this.acceptor = Thread.ofPlatform().daemon().name("vigil-control-accept").unstarted(this::acceptLoop);
    }

    /**
     * Binds the socket (see {@link SocketBinder}: mode 0600, stale socket replaced) and starts
     * serving {@code registry} plus {@code rpc.discover}.
     *
     * @throws AlreadyRunningException if another daemon answers on the socket
     * @throws IOException             if the socket cannot be created
     */
    public static ControlServer start(ServerOptions options, MethodRegistry registry) throws IOException {
        SocketBinder.Bound bound = SocketBinder.bind(options.socket(), BACKLOG);
        ControlServer server;
        try {
            server = new ControlServer(options, bound, registry);
        } catch (IOException | RuntimeException e) {
            closeQuietly(bound);
            Files.deleteIfExists(options.socket());
            throw e;
        }
        server.acceptor.start();
        return server;
    }

    /** Convenience: serve the {@code vigil.*} methods of {@code handler}. */
    public static ControlServer start(ServerOptions options, ControlHandler handler) throws IOException {
        return start(options, ControlMethods.registry(handler));
    }

    public Path socket() {
        return options.socket();
    }

    /** Connections open now, served or waiting for a further request (for tests and metrics). */
    public int activeConnections() {
        return open.size();
    }

    /** Requests answered "server busy" so far, for any reason (for tests and metrics). */
    public long busyRefusals() {
        return limits.busyRefusals();
    }

    /** Request and unread answer bytes held now against {@link ServerOptions#maxBytesInFlight()} (for tests and metrics). */
    public long bytesInFlight() {
        return limits.bytesInFlight();
    }

    static MethodRegistry withDiscover(MethodRegistry registry) {
        MethodRegistry all = new MethodRegistry();
        registry.methods().forEach(all::add);
        if (registry.find(ControlMethods.DISCOVER).isEmpty()) {
            // The document describes rpc.discover too, so build it after adding the method.
            Map<String, Object>[] document = new Map[1];
            all.add(new RpcMethod<>(ControlMethods.DISCOVER, "This API's OpenRPC document",
                    NoParams.class, Map.class, java.util.List.of(), p -> document[0]));
            document[0] = OpenRpcDocument.of(all);
        }
        return all;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = bound.channel().accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "control socket accept failed: " + e.getMessage());
                continue;
            }
            String refused = limits.tryOpen();
            if (refused != null) {
                refuse(channel, refused);
                continue;
            }
            Connection connection = new Connection(channel);
            open.add(connection);
            try {
                connectionThreads.newThread(connection).start();
            } catch (RuntimeException | OutOfMemoryError e) {
                open.remove(connection);
                limits.served();
                limits.closed();
                refuse(channel, limits.busy("cannot start a connection thread", Map.of()));
            }
        }
    }

    /** Best effort: a fresh connection's send buffer is empty, so one short line never blocks. */
    private static void refuse(SocketChannel channel, String line) {
        try (channel) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // The client is gone already; nothing to tell.
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            bound.channel().close();
            for (Connection c : open) {
                c.close();
            }
            timers.shutdownNow();
        } finally {
            Files.deleteIfExists(options.socket());
            closeQuietly(bound);
        }
    }

    private static void closeQuietly(SocketBinder.Bound bound) {
        try {
            bound.channel().close();
            bound.lock().release();
            bound.lockFile().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the control socket: " + e.getMessage());
        }
    }

    /** One client connection; the only thread reading it is its own. */
    private final class Connection implements Runnable {
        private final SocketChannel channel;
        private final LineFramer framer = new LineFramer(options.maxLineBytes());
        private ScheduledFuture<?> idleTimer;
        private volatile boolean writing;
        private volatile boolean timedOut;
        /** Holds a serving place: from accept, or from the first byte of a further request, until answered. */
        private boolean serving = true;
        /** Request bytes this connection holds of the shared budget. */
        private long held;
        private boolean answeringLast;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public void run() {
            try {
                if (peerAllowed()) {
                    serve();
                }
            } catch (ClosedChannelException e) {
                // Closed by the idle timer or by server shutdown.
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "control connection: " + e.getMessage());
            } finally {
                disarm();
                close();
                open.remove(this);
                stopServing();
                limits.release(held);
                held = 0;
                limits.closed();
            }
        }

        private void stopServing() {
            if (serving) {
                serving = false;
                limits.served();
            }
        }

        private boolean peerAllowed() throws IOException {
            UserPrincipal peer = channel.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user();
            if (allowedUser.equals(peer)) {
                return true;
            }
            PeerUsers.Described who = PeerUsers.describe(peer);
            arm();
            send(TransportErrors.line(RpcErrors.PERMISSION_DENIED, "permission denied: " + who.text()
                    + " may not use this daemon; only " + PeerUsers.describe(allowedUser).text() + " may",
                    who.data()));
            return false;
        }

        private void serve() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            arm();
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    if (timedOut) {
                        send(TransportErrors.line(RpcErrors.IDLE_TIMEOUT,
                                "idle timeout: no complete request within " + options.idleTimeout().toMillis() + " ms",
                                Map.of("idle_timeout_ms", options.idleTimeout().toMillis())));
                    } else if (!handle(framer.finish())) {
                        return;
                    }
                    return;
                }
                buffer.flip();
                if (!admit(n)) {
                    return;
                }
                if (!handle(framer.feed(buffer))) {
                    return;
                }
                settleBudget();
            }
        }

        /**
         * Before {@code n} more request bytes are framed: takes a serving place again if this is a
         * further request, and reserves what the unfinished line may grow to beyond the free
         * allowance. On refusal the client is told (before it is answered anything else) and the
         * connection closes; nothing of the request was handled, so the client may retry.
         */
        private boolean admit(int n) throws IOException {
            if (!serving) {
                String refused = limits.tryServe();
                if (refused != null) {
                    send(refused);
                    return false;
                }
                serving = true;
            }
            long wanted = Math.max(0, framer.pendingBytes() + (long) n - FREE_BYTES_PER_CONNECTION);
            if (wanted > held) {
                String refused = limits.tryReserve(wanted - held);
                if (refused != null) {
                    send(refused);
                    return false;
                }
                held = wanted;
            }
            return true;
        }

        /** Gives back what the framed and handled lines held; keeps what an unfinished line still needs. */
        private void settleBudget() {
            long keep = Math.max(0, framer.pendingBytes() - FREE_BYTES_PER_CONNECTION);
            if (held > keep) {
                limits.release(held - keep);
                held = keep;
            }
        }

        /** Answers each frame; false when the connection must close. */
        private boolean handle(java.util.List<LineFramer.Frame> frames) throws IOException {
            for (int i = 0; i < frames.size(); i++) {
                LineFramer.Frame frame = frames.get(i);
                answeringLast = i == frames.size() - 1 && framer.pendingBytes() == 0;
                switch (frame) {
                    case LineFramer.Frame.Text(String line) -> {
                        if (line.isBlank()) {
                            releaseIfAnsweringLast();
                            continue;
                        }
                        disarm(); // a handler may legitimately take long (a stop waits for its grace)
                        String response = dispatcher.handle(line);
                        arm(); // a client that never reads its response must not hold a slot forever
                        releaseIfAnsweringLast();
                        if (response != null) {
                            send(response);
                        }
                    }
                    case LineFramer.Frame.Undecodable(String problem) -> {
                        releaseIfAnsweringLast();
                        send(TransportErrors.line(RpcErrors.PARSE_ERROR, "parse error: " + problem, Map.of()));
                    }
                    case LineFramer.Frame.TooLong(int limit) -> {
                        send(TransportErrors.line(RpcErrors.INVALID_REQUEST, "request line longer than " + limit
                                + " bytes; closing the connection", Map.of("limit_bytes", limit)));
                        return false;
                    }
                }
            }
            return true;
        }

        /**
         * Nothing more of a request is pending once this answer is out: free the serving place and
         * the budget now, before writing, since the client may connect again the moment it reads.
         */
        private void releaseIfAnsweringLast() {
            if (answeringLast) {
                answeringLast = false;
                settleBudget();
                stopServing();
            }
        }

        /**
         * Writes {@code line} and a newline. An answer stays in memory until its client has read all
         * but what the socket buffers, which under load or from a client that does not read takes
         * long: what exceeds the free allowance is held against the shared budget meanwhile, so
         * such answers refuse further large requests instead of filling the heap (48 MB daemon:
         * OutOfMemoryError after 10 unread 2 MB answers to requests sent one after another).
         */
        private void send(String line) throws IOException {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            long answerHeld = Math.max(0, bytes.length - FREE_BYTES_PER_CONNECTION);
            limits.take(answerHeld);
            ByteBuffer[] out = {ByteBuffer.wrap(bytes), ByteBuffer.wrap(NEWLINE)};
            writing = true;
            try {
                while (out[1].hasRemaining()) {
                    channel.write(out);
                }
            } finally {
                writing = false;
                limits.release(answerHeld);
            }
        }

        private synchronized void arm() {
            disarm();
            if (!closed) {
                idleTimer = timers.schedule(this::idleExpired, options.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void disarm() {
            if (idleTimer != null) {
                idleTimer.cancel(false);
                idleTimer = null;
            }
        }

        /**
         * Runs on the timer thread, which must never block on a client. While the connection
         * waits for a request, shutting its input down wakes the reader, which tells the client
         * and closes (re-armed, so a client that does not read that either is closed anyway).
         * Otherwise (stuck writing to a client that does not read, or second expiry) close now.
         */
        private void idleExpired() {
            if (!timedOut && !writing) {
                timedOut = true;
                try {
                    channel.shutdownInput();
                    arm();
                    return;
                } catch (IOException | RuntimeException e) {
                    // Fall through to a plain close.
                }
            }
            close();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a control connection: " + e.getMessage());
            }
        }
    }
}
