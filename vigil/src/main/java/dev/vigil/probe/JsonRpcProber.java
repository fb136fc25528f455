package dev.vigil.probe;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import dev.vigil.json.Json;
import dev.vigil.json.JsonException;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jsonrpc}: a JSON-RPC 2.0 call, newline-framed over a Unix socket or TCP, or as an HTTP
 * POST. Healthy when the reply is a JSON object with the request's {@code id} and a {@code result}
 * member; an {@code error} member is a failure with its message.
 */
final class JsonRpcProber {

    private static final int MAX_LINE = 64 * 1024;
    private static final AtomicLong IDS = new AtomicLong();

    private JsonRpcProber() {
    }

    static ProbeOutcome probe(ProbeTarget.JsonRpc target, Duration timeout, Ticker ticker, DeadlineAlarms alarms) {
        long start = ticker.nanoTime();
        long id = IDS.incrementAndGet();
        String request = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":" + Json.write(target.method())
                + target.paramsJson().map(params -> ",\"params\":" + params).orElse("") + "}";
        try (Deadline deadline = Deadline.after(timeout, alarms)) {
            SocketChannel channel = Connections.connect(target.endpoint(), deadline);
            try {
                String reply = switch (target.transport()) {
                    case LINE -> exchangeLine(channel, deadline, target.endpoint(), request);
                    case HTTP -> exchangeHttp(channel, deadline, target, request);
                };
                Duration latency = Duration.ofNanos(ticker.nanoTime() - start);
                return judge(reply, id).<ProbeOutcome>map(reason -> new ProbeOutcome.Unhealthy(reason, latency))
                        .orElseGet(() -> new ProbeOutcome.Healthy(latency, target.method() + " answered"));
            } finally {
                Connections.closeQuietly(channel);
            }
        } catch (ProbeFailure failure) {
            return failure.toOutcome(timeout, Duration.ofNanos(ticker.nanoTime() - start));
        }
    }

    /** Why {@code reply} is not a successful answer to request {@code id}, or empty when it is. */
    static Optional<String> judge(String reply, long id) {
        Object parsed;
        try {
            parsed = Json.parse(reply);
        } catch (JsonException e) {
            return Optional.of("invalid JSON-RPC reply (" + e.getMessage() + "): " + clip(reply));
        }
        if (!(parsed instanceof Map<?, ?> response)) {
            return Optional.of("JSON-RPC reply is not an object: " + clip(reply));
        }
        if (response.get("error") instanceof Map<?, ?> error) {
            Object message = error.get("message");
            Object code = error.get("code");
            return Optional.of("JSON-RPC error" + (code == null ? "" : " " + code) + ": " + (message == null ? clip(reply) : message));
        }
        Object replyId = response.get("id");
        // Compared by value, so an id echoed as 7.0 or 7e0 still matches request 7.
        if (!(replyId instanceof Number number) || new BigDecimal(number.toString()).compareTo(BigDecimal.valueOf(id)) != 0) {
            return Optional.of("JSON-RPC reply id " + replyId + " does not match request id " + id);
        }
        if (!response.containsKey("result")) {
            return Optional.of("JSON-RPC reply has neither result nor error: " + clip(reply));
        }
        return Optional.empty();
    }

    private static String exchangeLine(SocketChannel channel, Deadline deadline, Endpoint endpoint, String request)
            throws ProbeFailure {
        try {
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException e) {
            throw Connections.failure(e, deadline, "sending the request", endpoint);
        }
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (true) {
            int read;
            try {
                read = channel.read(in);
            } catch (IOException e) {
                throw Connections.failure(e, deadline, "reading the reply", endpoint);
            }
            int length = in.position();
            for (int i = length - Math.max(read, 0); i < length; i++) {
                if (in.get(i) == '\n') {
                    return new String(in.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
            if (read < 0) {
                if (length == 0) {
                    throw ProbeFailure.unhealthy("empty reply (connection closed before any byte)");
                }
                return new String(in.array(), 0, length, StandardCharsets.UTF_8);
            }
            if (!in.hasRemaining()) {
                if (in.capacity() >= MAX_LINE) {
                    throw ProbeFailure.unhealthy("JSON-RPC reply line longer than 64 KiB");
                }
                ByteBuffer bigger = ByteBuffer.allocate(Math.min(in.capacity() * 4, MAX_LINE));
                in.flip();
                in = bigger.put(in);
            }
        }
    }

    private static String exchangeHttp(SocketChannel channel, Deadline deadline, ProbeTarget.JsonRpc target, String request)
            throws ProbeFailure {
        String host = target.endpoint() instanceof Endpoint.Tcp tcp ? tcp.toString() : "localhost";
        byte[] bytes = HttpExchange.request("POST", target.httpPath(), host, "application/json",
                request.getBytes(StandardCharsets.UTF_8));
        HttpResponse response = HttpExchange.exchange(channel, deadline, target.endpoint(), bytes, true);
        String body = response.bodyText();
        if (response.status() / 100 != 2 && !body.stripLeading().startsWith("{")) {
            throw ProbeFailure.unhealthy("HTTP " + response.status() + " from JSON-RPC endpoint");
        }
        if (body.isBlank()) {
            throw ProbeFailure.unhealthy("HTTP " + response.status() + " with an empty body from JSON-RPC endpoint");
        }
        return body;
    }

    private static String clip(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
