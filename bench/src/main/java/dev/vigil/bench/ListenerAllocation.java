package dev.vigil.bench;

import com.sun.management.ThreadMXBean;
import dev.vigil.liveness.Liveness;
import dev.vigil.liveness.Notifier;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * Heap bytes the health listener thread allocates per /livez request (new connection each), read
 * from the thread's own allocation counter. Independent of machine load: when the application
 * exhausts the heap, each allocation may wait for the collector (ZGC allocation stalls), so fewer
 * bytes per request means fewer such waits on the listener.
 *
 * <p>Usage: {@code ListenerAllocation [--warmup 3000] [--requests 10000]}
 */
public final class ListenerAllocation {
    public static void main(String[] args) throws Exception {
        int warmup = Integer.parseInt(option(args, "--warmup", "3000"));
        int requests = Integer.parseInt(option(args, "--requests", "10000"));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Liveness liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .notifier(Notifier.none()).samplingPeriod(Duration.ofSeconds(60)).start()) {
            liveness.ready();
            long listener = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("vigil-liveness-listener")).findFirst().orElseThrow().threadId();
            for (int i = 0; i < warmup; i++) {
                get(liveness.port());
            }
            long before = threads.getThreadAllocatedBytes(listener);
            for (int i = 0; i < requests; i++) {
                get(liveness.port());
            }
            long after = threads.getThreadAllocatedBytes(listener);
            System.out.printf(Locale.ROOT, "listener allocated %.0f bytes per /livez request (%d requests after %d warm-up)%n",
                    (after - before) / (double) requests, requests, warmup);
        }
    }

    private static void get(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            in.readAllBytes();
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
