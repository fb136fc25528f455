package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.time.Ticker;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code http}: GET or HEAD over TCP or a Unix socket. Healthy when the status is within
 * [statusMin, statusMax] and, if configured, the body contains the substring, matches the regex
 * ({@code find}, not a full match) and the response carries the header (with exactly the value,
 * after trimming, when one is given). Only the first 64 KiB of the body are read and checked.
 */
final class HttpProber {
    private HttpProber() {
    }

    static ProbeOutcome probe(ProbeTarget.Http target, Duration timeout, Ticker ticker, DeadlineAlarms alarms) {
        long start = ticker.nanoTime();
        boolean readBody = !target.method().equalsIgnoreCase("HEAD")
                && (target.bodyContains().isPresent() || target.bodyMatches().isPresent());
        byte[] request = HttpExchange.request(target.method(), target.path(), target.hostHeader(), null, null);
        try (Deadline deadline = Deadline.after(timeout, alarms)) {
            SocketChannel channel = Connections.connect(target.endpoint(), deadline);
            try {
                HttpResponse response = HttpExchange.exchange(channel, deadline, target.endpoint(), request, readBody);
                Duration latency = Duration.ofNanos(ticker.nanoTime() - start);
                return judge(target, response).<ProbeOutcome>map(reason -> new ProbeOutcome.Unhealthy(reason, latency))
                        .orElseGet(() -> new ProbeOutcome.Healthy(latency, "HTTP " + response.status()));
            } finally {
                Connections.closeQuietly(channel);
            }
        } catch (ProbeFailure failure) {
            return failure.toOutcome(timeout, Duration.ofNanos(ticker.nanoTime() - start));
        }
    }

    /** Why the response is not healthy, or empty when it is. */
    static Optional<String> judge(ProbeTarget.Http target, HttpResponse response) {
        int status = response.status();
        if (status < target.statusMin() || status > target.statusMax()) {
            return Optional.of("HTTP " + status + " (expected " + target.statusMin() + "-" + target.statusMax() + ")");
        }
        if (target.headerName().isPresent()) {
            String name = target.headerName().get();
            Optional<String> value = response.header(name);
            if (value.isEmpty()) {
                return Optional.of("HTTP " + status + " without header " + name);
            }
            if (target.headerValue().isPresent() && !target.headerValue().get().trim().equals(value.get())) {
                return Optional.of("HTTP " + status + " with header " + name + ": \"" + value.get()
                        + "\", expected \"" + target.headerValue().get().trim() + "\"");
            }
        }
        if (target.bodyContains().isPresent() || target.bodyMatches().isPresent()) {
            String body = response.bodyText();
            String within = response.bodyTruncated() ? " (in its first 64 KiB)" : "";
            if (target.bodyContains().isPresent() && !body.contains(target.bodyContains().get())) {
                return Optional.of("HTTP " + status + " but body does not contain \"" + target.bodyContains().get() + "\"" + within);
            }
            if (target.bodyMatches().isPresent() && !target.bodyMatches().get().matcher(body).find()) {
                return Optional.of("HTTP " + status + " but body does not match /" + target.bodyMatches().get().pattern() + "/" + within);
            }
        }
        return Optional.empty();
    }
}
