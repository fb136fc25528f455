package dev.vigil.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** A test client that sends raw bytes and reads raw lines, to say exactly what goes over the socket. */
public final class RawConnection implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean eof;

    public RawConnection(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                // The server stopped reading (e.g. closed on an oversized line): let it say so.
                if (!awaitWritable()) {
                    throw new IOException("server stopped reading");
                }
            }
        }
    }

    private boolean awaitWritable() throws IOException {
        try (Selector w = Selector.open()) {
            channel.register(w, SelectionKey.OP_WRITE);
            return w.select(5_000) > 0;
        } finally {
            channel.register(selector, SelectionKey.OP_READ);
        }
    }

    /** The next line, or null at end of stream. @throws IOException on timeout */
    public String readLine(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            byte[] bytes = pending.toByteArray();
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    pending.reset();
                    pending.write(bytes, i + 1, bytes.length - i - 1);
                    return new String(bytes, 0, i, StandardCharsets.UTF_8);
                }
            }
            if (eof) {
                return null;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no line within " + timeout);
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException reset) {
                eof = true; // a reset is an end of stream too
                continue;
            }
            if (n < 0) {
                eof = true;
            } else {
                pending.write(buffer.array(), 0, n);
            }
        }
    }

    /** True once the server has closed the connection (after any lines it sent before). */
    boolean closedWithin(Duration timeout) throws IOException {
        while (readLine(timeout) != null) {
            // drain
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
