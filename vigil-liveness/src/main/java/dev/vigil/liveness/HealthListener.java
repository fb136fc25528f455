package dev.vigil.liveness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.function.Supplier;

/**
 * The health endpoint: one dedicated platform thread running a non-blocking selector loop.
 *
 * <p>Never a virtual thread or a pool thread, which share carriers or queues with the application
 * and stall with it. Connections are bounded (extra ones are closed at once), each has a deadline
 * for sending its request, requests are capped in size, and responses are pre-built, so a slow or
 * hostile client costs one slot, never the listener. One request per connection.
 */
final class HealthListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.vigil.liveness");
    static final int MAX_REQUEST_BYTES = 4096;

    private final Supplier<HealthResponses> responses;
    private final Runnable onThreadStart;
    private final int maxConnections;
    private final long readTimeoutNanos;
    private final ServerSocketChannel server;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running = true;
    private int open;

    /** Responses up to this size are copied into a connection's own direct buffer. */
    static final int OUT_CAPACITY = 8192;

    /**
     * A connection's progress: the request read so far, then the response being written. Reused
     * from connection to connection (at most {@code maxConnections} ever exist): when the
     * application saturates the heap, every allocation may wait for the collector (ZGC's
     * "allocation stall", Shenandoah's pacing), and the listener must not.
     */
    private static final class Exchange {
        final ByteBuffer request = ByteBuffer.allocate(MAX_REQUEST_BYTES);
        final ByteBuffer out = ByteBuffer.allocateDirect(OUT_CAPACITY);
        long deadlineNanos;
        ByteBuffer response;

        Exchange reset(long deadline) {
            request.clear();
            response = null;
            deadlineNanos = deadline;
            return this;
        }

        void respond(HealthResponses.Response r, int length) {
            if (length <= OUT_CAPACITY) {
                out.clear();
                out.put(r.bytes(), 0, length).flip();
                response = out;
            } else {
                response = ByteBuffer.wrap(r.bytes(), 0, length); // a large /health: rare, allowed to allocate
            }
        }
    }

    private final java.util.ArrayDeque<Exchange> spare = new java.util.ArrayDeque<>();

    /** @param onThreadStart runs first on the listener thread (its scheduling priority is set there) */
    HealthListener(InetSocketAddress bind, Supplier<HealthResponses> responses, int maxConnections, long readTimeoutNanos,
            Runnable onThreadStart) throws IOException {
        this.responses = responses;
        this.onThreadStart = onThreadStart;
        this.maxConnections = maxConnections;
        this.readTimeoutNanos = readTimeoutNanos;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bind, 128);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            server.close();
            selector.close();
            throw new IOException("vigil-liveness: cannot listen on " + bind + ": " + e.getMessage(), e);
        }
        this.thread = Thread.ofPlatform().daemon().name("vigil-liveness-listener").unstarted(this::run);
        this.thread.setPriority(Thread.MAX_PRIORITY);
    }

    void start() {
        thread.start();
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("listener closed", e);
        }
    }

    private void run() {
        onThreadStart.run();
        while (running) {
            try {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handle(key);
                }
                expire(System.nanoTime());
            } catch (IOException | RuntimeException e) {
                if (running) {
                    LOG.log(System.Logger.Level.WARNING, "health listener loop error", e);
                }
            }
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept();
            } else if (key.isReadable()) {
                read(key);
            } else if (key.isWritable()) {
                write(key);
            }
        } catch (IOException e) {
            close(key);
        }
    }

    private void accept() throws IOException {
        for (SocketChannel client; (client = server.accept()) != null; ) {
            if (open >= maxConnections) {
                client.close(); // bounded: a flood of idle connections cannot pile up
                continue;
            }
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Exchange exchange = spare.poll();
            client.register(selector, SelectionKey.OP_READ,
                    (exchange != null ? exchange : new Exchange()).reset(System.nanoTime() + readTimeoutNanos));
            open++;
        }
    }

    private void read(SelectionKey key) throws IOException {
        Exchange exchange = (Exchange) key.attachment();
        SocketChannel channel = (SocketChannel) key.channel();
        int n = channel.read(exchange.request);
        if (n < 0) {
            close(key);
            return;
        }
        HealthResponses.Response response = RequestLine.respond(exchange.request, responses.get());
        if (response == null) {
            return; // head not complete yet
        }
        exchange.respond(response, RequestLine.isHead(exchange.request) ? response.headerLength() : response.bytes().length);
        key.interestOps(SelectionKey.OP_WRITE);
        write(key);
    }

    private void write(SelectionKey key) throws IOException {
        Exchange exchange = (Exchange) key.attachment();
        ((SocketChannel) key.channel()).write(exchange.response);
        if (!exchange.response.hasRemaining()) {
            close(key);
        }
    }

    private void expire(long nowNanos) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Exchange exchange && nowNanos - exchange.deadlineNanos > 0) {
                close(key);
            }
        }
    }

    private void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing health connection", e);
        }
        if (key.attachment() instanceof Exchange exchange) {
            key.attach(null);
            spare.push(exchange);
            open--;
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
            server.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing health listener", e);
        }
    }

    /** Parsing of the request head, kept to what the endpoints need. */
    static final class RequestLine {
        private RequestLine() {
        }

        /** The response for a complete request head, or null if the head is still incomplete. */
        static HealthResponses.Response respond(ByteBuffer request, HealthResponses responses) {
            int end = headEnd(request);
            if (end < 0) {
                return request.hasRemaining() ? null : HealthResponses.TOO_LARGE;
            }
            // "METHOD SP TARGET SP HTTP/x", trimmed, parsed in place: no String on the request path.
            byte[] b = request.array();
            int from = 0;
            int to = indexOf(b, (byte) '\n', 0, end);
            to = to < 0 ? end : to;
            while (from < to && (b[from] & 0xff) <= ' ') {
                from++;
            }
            while (to > from && (b[to - 1] & 0xff) <= ' ') {
                to--;
            }
            int sp1 = indexOf(b, (byte) ' ', from, to);
            int sp2 = sp1 < 0 ? -1 : indexOf(b, (byte) ' ', sp1 + 1, to);
            if (sp1 <= from || sp2 <= sp1 + 1 || indexOf(b, (byte) ' ', sp2 + 1, to) >= 0
                    || !startsWith(b, sp2 + 1, to, HTTP)) {
                return HealthResponses.BAD_REQUEST;
            }
            if (!Arrays.equals(b, from, sp1, GET, 0, GET.length) && !Arrays.equals(b, from, sp1, HEAD, 0, HEAD.length)) {
                return HealthResponses.METHOD_NOT_ALLOWED;
            }
            int query = indexOf(b, (byte) '?', sp1 + 1, sp2);
            return responses.forPath(b, sp1 + 1, query < 0 ? sp2 : query);
        }

        private static final byte[] GET = "GET".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HEAD = "HEAD".getBytes(StandardCharsets.US_ASCII);
        private static final byte[] HTTP = "HTTP/".getBytes(StandardCharsets.US_ASCII);

        private static int indexOf(byte[] b, byte wanted, int from, int to) {
            for (int i = from; i < to; i++) {
                if (b[i] == wanted) {
                    return i;
                }
            }
            return -1;
        }

        private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
            return to - from >= prefix.length && Arrays.equals(b, from, from + prefix.length, prefix, 0, prefix.length);
        }

        static boolean isHead(ByteBuffer request) {
            return request.position() >= 5 && request.array()[0] == 'H' && request.array()[1] == 'E';
        }

        /** Index just past the blank line ending the head ("\r\n\r\n" or "\n\n"), or -1. */
        private static int headEnd(ByteBuffer request) {
            byte[] bytes = request.array();
            int limit = request.position();
            for (int i = 0; i < limit; i++) {
                if (bytes[i] == '\n') {
                    if (i + 1 < limit && bytes[i + 1] == '\n') {
                        return i + 2;
                    }
                    if (i + 2 < limit && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                        return i + 3;
                    }
                }
            }
            return -1;
        }
    }
}
