package dev.vigil.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A plain Server-Sent Events client over the JDK's HTTP client: messages in arrival order. */
final class SseReader implements AutoCloseable {

    /** One message; {@code id} is null for comments (heartbeats). */
    record Message(String id, String event, String data) {}

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    final int status;

    SseReader(int port, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stream"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        status = response.statusCode();
        lines = response.body();
        Thread.ofVirtual().name("sse-reader").start(this::read);
    }

    private void read() {
        String id = null;
        String event = null;
        List<String> data = new ArrayList<>();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty() || event != null) {
                        messages.add(new Message(id, event, String.join("\n", data)));
                    }
                    id = null;
                    event = null;
                    data.clear();
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.add(line.substring(6));
                }
            }
        } catch (RuntimeException closed) {
            // The stream ended; the test sees no more messages.
        }
    }

    /** The next message matching {@code match}, skipping others; fails after {@code timeout}. */
    Message await(Predicate<Message> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Message next = messages.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError("no matching stream message within " + timeout);
            }
            if (match.test(next)) {
                return next;
            }
        }
    }

    /** The next message, whatever it is. */
    Message next(Duration timeout) throws InterruptedException {
        return await(m -> true, timeout);
    }

    @Override
    public void close() {
        lines.close();
    }
}
