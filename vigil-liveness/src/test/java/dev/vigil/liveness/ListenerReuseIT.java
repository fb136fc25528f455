package dev.vigil.liveness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The listener reuses one buffer pair per connection slot: a long request followed by short ones,
 * a large response followed by small ones, and half-sent requests closed midway, on two slots, must
 * never leak bytes from one connection into the next.
 */
class ListenerReuseIT {
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void slotsAreReusedWithoutCarryingBytesOver() throws Exception {
        try (Liveness liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .maxConnections(2).notifier(Notifier.none()).samplingPeriod(Duration.ofMillis(50)).start()) {
            liveness.ready();
            for (int i = 0; i < 20; i++) {
                liveness.heartbeat("loop-with-a-long-name-" + "x".repeat(400) + i, Duration.ofHours(1)).beat();
            }
            int port = liveness.port();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> exchange(port, "GET /health HTTP/1.1\r\n\r\n").contains("x".repeat(400) + "19"));
            for (int round = 0; round < 30; round++) {
                String big = exchange(port, "GET /health HTTP/1.1\r\nX-Pad: " + "p".repeat(3000) + "\r\n\r\n");
                assertThat(big).startsWith("HTTP/1.1 200 ").hasSizeGreaterThan(HealthListener.OUT_CAPACITY);
                try (Socket half = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    half.getOutputStream().write("GET /readyz HT".getBytes(StandardCharsets.US_ASCII)); // then gone
                }
                assertThat(exchange(port, "GET /livez HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nok\n");
                assertThat(exchange(port, "HEAD /readyz HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\n");
                assertThat(exchange(port, "GET /x HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 404 ");
            }
        }
    }
}
