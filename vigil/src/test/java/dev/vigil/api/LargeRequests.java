package dev.vigil.api;

import dev.vigil.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The large-request flood of issue 9 item 11, shared by ControlServerLimitsIT and AttackBench. */
final class LargeRequests {

    /** How the requests of a flood ended. */
    record Outcomes(int answered, int busy, int failed, List<String> problems) {
    }

    private LargeRequests() {
    }

    /** A {@link FakeDaemonMain} in a child JVM with heap {@code xmx} that exits on OutOfMemoryError. */
    static Process smallHeapDaemon(Path socket, String xmx) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), FakeDaemonMain.class.getName(), socket.toString(), "5")
                .redirectErrorStream(true).start();
    }

    /** {@code clients} clients send a {@code bytes}-long status request each, all at once, and read one line each. */
    static Outcomes flood(Path socket, int clients, int bytes) throws InterruptedException {
        byte[] request = statusRequest(bytes);
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> exchange(socket, request)));
            }
            for (Future<String> f : answers) {
                try {
                    lines.add(f.get(2, TimeUnit.MINUTES));
                } catch (ExecutionException | TimeoutException e) {
                    problems.add(String.valueOf(e.getCause() != null ? e.getCause() : e));
                }
            }
        }
        return classify(lines, problems);
    }

    /**
     * {@code clients} clients, one after another, each send a {@code bytes}-long status request and
     * read only the first byte of the answer (so the server has it built and is writing it) before
     * the next one connects; then all read their lines. The most answers a server can be made to
     * keep for clients that do not read them, whatever the scheduling.
     */
    static Outcomes unreadAnswers(Path socket, int clients, int bytes) throws IOException {
        byte[] request = statusRequest(bytes);
        List<SocketChannel> channels = new ArrayList<>();
        List<String> firstBytes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channels.add(channel);
                ByteBuffer first = ByteBuffer.allocate(1);
                try {
                    channel.connect(UnixDomainSocketAddress.of(socket));
                    sendAll(channel, request);
                    channel.read(first);
                } catch (IOException e) {
                    problems.add("client " + i + ": " + e.getMessage());
                }
                firstBytes.add(first.position() == 1 ? new String(first.array(), StandardCharsets.UTF_8) : null);
            }
            for (int i = 0; i < clients; i++) {
                if (firstBytes.get(i) == null) {
                    continue;   // counted as a problem above
                }
                try {
                    lines.add(firstBytes.get(i) + readLine(channels.get(i)));
                } catch (IOException e) {
                    problems.add("client " + i + ": " + e.getMessage());
                }
            }
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
        return classify(lines, problems);
    }

    private static byte[] statusRequest(int bytes) {
        String name = "x".repeat(bytes);
        return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"vigil.status\",\"params\":{\"name\":\"" + name + "\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Counts answer lines as answered or busy; anything else and each problem as failed. */
    private static Outcomes classify(List<String> lines, List<String> problems) {
        int answered = 0;
        int busy = 0;
        List<String> failures = new ArrayList<>(problems);
        for (String line : lines) {
            Map<String, Object> error = null;
            boolean result = false;
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> response = (Map<String, Object>) Json.parse(line);
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) response.get("error");
                error = e;
                result = response.containsKey("result");
            } catch (RuntimeException notAnAnswer) {
                // counted as failed below
            }
            if (error != null && ((Number) error.get("code")).intValue() == RpcErrors.SERVER_BUSY) {
                busy++;
            } else if (error != null || result) {
                answered++;   // the fake knows no such service: an answer all the same
            } else {
                failures.add(line.substring(0, Math.min(200, line.length())));
            }
        }
        return new Outcomes(answered, busy, failures.size(), failures);
    }

    /** Sends the whole request (a refused client may find the pipe closed midway) and reads one line. */
    private static String exchange(Path socket, byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            sendAll(channel, request);
            return readLine(channel);
        }
    }

    private static void sendAll(SocketChannel channel, byte[] request) {
        ByteBuffer out = ByteBuffer.wrap(request);
        try {
            while (out.hasRemaining()) {
                channel.write(out);
            }
        } catch (IOException refusedMidway) {
            // The answer (busy) is already waiting to be read.
        }
    }

    /** The rest of the line (without its newline). */
    private static String readLine(SocketChannel channel) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        while (channel.read(in.clear()) > 0) {
            for (int i = 0; i < in.position(); i++) {
                if (in.get(i) == '\n') {
                    line.write(in.array(), 0, i);
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
            line.write(in.array(), 0, in.position());
        }
        throw new IOException("no answer line (" + line.size() + " bytes before the end)");
    }
}
