package dev.vigil.api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reruns the control-socket attacks of issue 9 item 11 and prints what happened (bench/security-attacks.sh):
 * <pre>
 *   AttackBench churn CLIENTS CALLS   CLIENTS threads, each CALLS tight sequential calls, no retry
 *   AttackBench flood CLIENTS BYTES XMX  CLIENTS requests of BYTES at once against a child daemon with heap XMX
 * </pre>
 */
public final class AttackBench {
    private AttackBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("vigil-attack");
        switch (args[0]) {
            case "churn" -> churn(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "flood" -> flood(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3]);
            default -> throw new IllegalArgumentException("churn CLIENTS CALLS | flood CLIENTS BYTES XMX");
        }
    }

    private static void churn(Path dir, int clients, int calls) throws Exception {
        AtomicInteger ok = new AtomicInteger();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        try (ControlServer server = ControlServer.start(ServerOptions.defaults(dir.resolve("vigil.sock")), new FakeControlHandler());
             ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            long t0 = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                pool.submit(() -> {
                    ControlClient client = new ControlClient(server.socket(), Duration.ofSeconds(30), 1);
                    for (int i = 0; i < calls; i++) {
                        try {
                            client.call("vigil.list", Map.of());
                            ok.incrementAndGet();
                        } catch (IOException | RuntimeException e) {
                            String kind = String.valueOf(e.getMessage());
                            kind = kind.contains("busy") ? "busy" : kind.contains("Broken pipe") ? "EPIPE" : kind;
                            errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            int total = clients * calls;
            int failed = total - ok.get();
            System.out.printf("churn: %d clients x %d sequential calls against %d places: %d ok, %d failed (%.1f %%) %s in %d ms%n",
                    clients, calls, ServerOptions.DEFAULT_MAX_CONNECTIONS, ok.get(), failed, 100.0 * failed / total, errors, ms);
        }
    }

    private static void flood(Path dir, int clients, int bytes, String xmx) throws Exception {
        Path socket = dir.resolve("vigil.sock");
        Process daemon = LargeRequests.smallHeapDaemon(socket, xmx);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
            out.readLine();
            long t0 = System.nanoTime();
            LargeRequests.Outcomes o = LargeRequests.flood(socket, clients, bytes);
            System.out.printf("flood: %d requests of %d bytes at once, daemon -Xmx%s: %d answered, %d busy, %d without answer;"
                            + " daemon %s, in %d ms%n", clients, bytes, xmx, o.answered(), o.busy(), o.failed(),
                    daemon.isAlive() ? "alive" : "DEAD (exit " + daemon.waitFor() + ", OutOfMemoryError)",
                    (System.nanoTime() - t0) / 1_000_000);
        } finally {
            daemon.getOutputStream().close();
            daemon.destroy();
            daemon.waitFor();
        }
    }
}
