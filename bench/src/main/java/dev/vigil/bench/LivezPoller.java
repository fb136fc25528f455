package dev.vigil.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls {@code /livez} from its own process at a fixed rate, one new loopback connection per
 * request (as a kubelet does), each with a timeout. Prints latency percentiles over every request,
 * the timeouts, and the wall-clock instants of the first 503 and of the first 200 after it.
 *
 * <p>Requests are planned at fixed instants; one that could not start on time starts at once.
 * Latency is reported twice: from the moment the request was sent (what the service took, as a
 * probe's timeout sees it), and from its planned instant ("from plan": includes the poller's own
 * lateness on a busy machine, so a slow stretch is not hidden by sending fewer requests).
 *
 * <p>Usage: {@code LivezPoller --port N [--rate 50] [--seconds 10] [--timeout-ms 1000] [--label TEXT]}
 */
public final class LivezPoller {
    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(option(args, "--port", "0"));
        int rate = Integer.parseInt(option(args, "--rate", "50"));
        int seconds = Integer.parseInt(option(args, "--seconds", "10"));
        int timeoutMs = Integer.parseInt(option(args, "--timeout-ms", "1000"));
        String label = option(args, "--label", "livez");
        long interval = 1_000_000_000L / rate;
        int count = rate * seconds;
        long[] latencies = new long[count];
        long[] fromPlan = new long[count];
        int done = 0;
        int timeouts = 0;
        int errors = 0;
        long firstRedEpochMs = -1;
        long greenAgainEpochMs = -1;
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long planned = begin + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long sent = System.nanoTime();
            int status;
            try {
                status = get(port, timeoutMs);
            } catch (SocketTimeoutException e) {
                timeouts++;
                continue;
            } catch (IOException e) {
                errors++;
                continue;
            }
            long end = System.nanoTime();
            latencies[done] = end - sent;
            fromPlan[done++] = end - planned;
            if (status == 503 && firstRedEpochMs < 0) {
                firstRedEpochMs = System.currentTimeMillis();
            } else if (status == 200 && firstRedEpochMs >= 0 && greenAgainEpochMs < 0) {
                greenAgainEpochMs = System.currentTimeMillis();
            }
        }
        long[] sorted = Arrays.copyOf(latencies, done);
        Arrays.sort(sorted);
        long[] sortedFromPlan = Arrays.copyOf(fromPlan, done);
        Arrays.sort(sortedFromPlan);
        System.out.printf(Locale.ROOT, "%s requests=%d answered=%d timeouts=%d errors=%d p50=%.2fms p99=%.2fms max=%.2fms"
                        + " from-plan-p99=%.2fms from-plan-max=%.2fms first-503-epoch-ms=%d first-200-after-epoch-ms=%d%n",
                label, count, done, timeouts, errors, ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.99)),
                ms(percentile(sorted, 1.0)), ms(percentile(sortedFromPlan, 0.99)), ms(percentile(sortedFromPlan, 1.0)),
                firstRedEpochMs, greenAgainEpochMs);
    }

    private static int get(int port, int timeoutMs) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(timeoutMs);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            socket.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            in.readAllBytes();
            if (head.length < 12) {
                throw new IOException("short response");
            }
            return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
        }
    }

    private static long percentile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(sorted.length * q) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
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
