package dev.vigil.web;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One open {@code /api/v1/stream} connection. Messages are queued and written one at a time with
 * non-blocking writes; {@link #offer} never waits. A client whose queue holds more than
 * {@code maxQueuedBytes} (it reads slower than Vigil writes, or not at all) is dropped: its
 * connection is closed and it reconnects with {@code Last-Event-ID} once it reads again. So a slow
 * reader costs a bounded amount of memory and never delays the hub, the supervisor or the event bus.
 */
final class StreamClient {

    private final Response response;
    private final Callback done;
    private final long maxQueuedBytes;
    private final Runnable onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean writing;
    private boolean closed;

    StreamClient(Response response, Callback done, long maxQueuedBytes, Runnable onClose) {
        this.response = response;
        this.done = done;
        this.maxQueuedBytes = maxQueuedBytes;
        this.onClose = onClose;
    }

    /** Queues {@code bytes}; false when the client was (or is now) dropped. */
    boolean offer(byte[] bytes) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queuedBytes + bytes.length > maxQueuedBytes) {
                closed = true;
                queue.clear();
            } else {
                queue.add(bytes);
                queuedBytes += bytes.length;
                if (writing) {
                    return true;
                }
                writing = true;
            }
        }
        if (isClosed()) {
            System.getLogger(StreamClient.class.getName()).log(System.Logger.Level.WARNING,
                    "dropped a /api/v1/stream client that fell more than " + maxQueuedBytes + " bytes behind");
            finish(new java.io.IOException("stream client too slow: more than " + maxQueuedBytes + " bytes queued"));
            return false;
        }
        writeNext();
        return true;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Ends the stream (the listener is stopping). */
    void close() {
        end(null);
    }

    private void writeNext() {
        byte[] next;
        synchronized (this) {
            if (closed || queue.isEmpty()) {
                writing = false;
                return;
            }
            // Everything queued goes out in one write: fewer callbacks, and no deep recursion when
            // a write completes at once.
            next = new byte[(int) queuedBytes];
            int at = 0;
            for (byte[] part; (part = queue.poll()) != null; at += part.length) {
                System.arraycopy(part, 0, next, at, part.length);
            }
            queuedBytes = 0;
        }
        response.write(false, ByteBuffer.wrap(next), Callback.from(this::writeNext, this::failed));
    }

    /** The connection failed (the client went away). */
    void abort(Throwable error) {
        end(error);
    }

    private void failed(Throwable error) {
        end(error);
    }

    /** Ends once: a null {@code error} completes the response, any other aborts the connection. */
    private void end(Throwable error) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
        }
        finish(error);
    }

    private void finish(Throwable error) {
        onClose.run();
        if (error == null) {
            done.succeeded();
        } else {
            // Failing the request's callback makes Jetty close (abort) the connection.
            done.failed(error);
        }
    }
}
