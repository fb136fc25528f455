package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.FakeControlHandler;
import dev.vigil.config.Endpoint;
import dev.vigil.config.HttpSpec;
import dev.vigil.metrics.DaemonHealth;
import dev.vigil.metrics.ServiceCounters;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener on real loopback and Unix sockets: auth, limits, slow and many clients, errors. */
class HttpListenerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final FakeControlHandler handler = new FakeControlHandler();
    private HttpListener listener;

    @AfterEach
    void close() {
        if (listener != null) {
            listener.close();
        }
    }

    private HttpSpec spec(Endpoint listen, int maxConnections, Duration idle) {
        return new HttpSpec(listen, Optional.empty(), false, maxConnections, 4096, 1024, idle, true);
    }

    private HttpListener start(HttpSpec spec) throws IOException {
        WebParts parts = new WebParts(() -> new SupervisorSnapshot(Instant.now(), List.of()),
                () -> CompletableFuture.completedFuture(null), ControlMethods.registry(handler),
                new ServiceCounters(Ticker.system()), new DaemonHealth(Ticker.system()), dir, "test",
                Duration.ofSeconds(5));
        listener = HttpListener.start(spec, parts);
        return listener;
    }

    private HttpListener startTcp() throws IOException {
        return start(spec(new Endpoint.Tcp("127.0.0.1", 0), 256, Duration.ofSeconds(30)));
    }

    /** One HTTP/1.1 exchange on a fresh connection; returns the whole response text. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String post(int port, String path, String... headers) throws IOException {
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\nContent-Length: 0\r\n");
        for (String h : headers) {
            request.append(h).append("\r\n");
        }
        return exchange(port, request.append("\r\n").toString());
    }

    private static String get(int port, String path) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n");
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static JsonNode body(String response) throws IOException {
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    private Path token() throws IOException {
        Path file = dir.resolve(HttpSpec.DEFAULT_TOKEN_FILE);
        assertThat(TokenFile.createIfMissing(file)).isTrue();
        return file;
    }

    @Test
    void actionsNeedTheRightBearerToken() throws Exception {
        int port = startTcp().port();
        String secret = Files.readString(token()).strip();

        String none = post(port, "/api/v1/services/web/restart");
        assertThat(status(none)).isEqualTo(401);
        assertThat(none).contains("WWW-Authenticate: Bearer");
        assertThat(body(none).at("/error/message").asText()).contains("Authorization: Bearer");

        String wrong = post(port, "/api/v1/services/web/restart", "Authorization: Bearer " + secret.substring(1) + "x");
        assertThat(status(wrong)).isEqualTo(401);
        assertThat(body(wrong).at("/error/message").asText()).isEqualTo("wrong token");
        assertThat(handler.calls).isEmpty();

        String right = post(port, "/api/v1/services/web/restart", "Authorization: Bearer " + secret);
        assertThat(status(right)).isEqualTo(200);
        assertThat(body(right).at("/results/0/name").asText()).isEqualTo("web");
        assertThat(handler.calls).singleElement().asString().startsWith("restart");
    }

    @Test
    void crossOriginActionsAreRefusedEvenWithTheToken() throws Exception {
        int port = startTcp().port();
        String auth = "Authorization: Bearer " + Files.readString(token()).strip();

        assertThat(status(post(port, "/api/v1/services/web/stop", auth, "Origin: https://evil.example"))).isEqualTo(403);
        assertThat(status(post(port, "/api/v1/services/web/stop", auth, "Sec-Fetch-Site: cross-site"))).isEqualTo(403);
        assertThat(status(post(port, "/api/v1/services/web/stop", auth, "Origin: null"))).isEqualTo(403);
        assertThat(handler.calls).isEmpty();

        String same = post(port, "/api/v1/services/web/stop", auth, "Origin: http://127.0.0.1:" + port,
                "Sec-Fetch-Site: same-origin");
        assertThat(status(same)).isEqualTo(200);
        assertThat(handler.calls).hasSize(1);
    }

    @Test
    void onARemoteListenerHealthAnswersWithoutTheTokenButShowsDetailsOnlyWithIt() throws Exception {
        // Bound on every address so reads need the token; the requests still go to 127.0.0.1 only.
        int port = start(spec(new Endpoint.Tcp("0.0.0.0", 0), 256, Duration.ofSeconds(30))).port();
        String auth = "Authorization: Bearer " + Files.readString(token()).strip();

        assertThat(status(get(port, "/api/v1/services"))).as("the read API needs the token here").isEqualTo(401);
        String anonymous = get(port, "/livez");
        assertThat(status(anonymous)).as("a kubelet's httpGet carries no secret").isEqualTo(200);
        assertThat(body(anonymous).properties()).extracting(java.util.Map.Entry::getKey).containsExactly("status");
        assertThat(get(port, "/livez?verbose")).endsWith("\r\n\r\nlivez check passed\n");

        String withToken = exchange(port, "GET /livez HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + auth
                + "\r\nConnection: close\r\n\r\n");
        assertThat(body(withToken).path("checks").path("supervisor").asText()).isEqualTo("ok");
        assertThat(status(get(port, "/livez?verbose&x=1"))).isEqualTo(400);
        assertThat(status(get(port, "/readyz?%zz"))).as("bad encoding is the client's fault").isEqualTo(400);
    }

    @Test
    void theTokenFileIsCreatedOwnerOnlyAndAReadableOneIsRefused() throws Exception {
        int port = startTcp().port();
        Path file = token();
        String secret = Files.readString(file).strip();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(secret).hasSize(64);
        assertThat(TokenFile.createIfMissing(file)).isFalse();
        assertThat(Files.readString(file).strip()).isEqualTo(secret);

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        String refused = post(port, "/api/v1/services/web/restart", "Authorization: Bearer " + secret);
        assertThat(status(refused)).isEqualTo(401);
        assertThat(body(refused).at("/error/message").asText()).contains("accessible to others").contains("chmod 600");
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void readsAreOpenOnLoopbackAndAnswerTheSameDocumentsAsTheControlApi() throws Exception {
        int port = startTcp().port();

        JsonNode services = body(get(port, "/api/v1/services"));
        assertThat(services.get("services")).hasSize(FakeControlHandler.sampleServices().size());
        assertThat(services.at("/services/2/failing_probes/0/probe").asText()).isEqualTo("ui");

        String logs = get(port, "/api/v1/services/web/logs?after=2&limit=2");
        assertThat(status(logs)).isEqualTo(200);
        assertThat(handler.calls).last().asString().startsWith("logs");

        String badLimit = get(port, "/api/v1/services/web/logs?limit=ten");
        assertThat(status(badLimit)).isEqualTo(400);
        assertThat(body(badLimit).at("/error/data/param").asText()).isEqualTo("limit");
        String unknownQuery = get(port, "/api/v1/events?colour=red");
        assertThat(status(unknownQuery)).isEqualTo(400);
        assertThat(body(unknownQuery).at("/error/message").asText()).contains("valid: since, service, limit");
        String badSince = get(port, "/api/v1/events?since=yesterday");
        assertThat(status(badSince)).isEqualTo(400);
        assertThat(body(badSince).at("/error/code").asInt()).isEqualTo(-32602);
    }

    @Test
    void unknownThingsAndFailuresGetJsonErrorsWithoutStackTraces() throws Exception {
        int port = startTcp().port();

        String missing = get(port, "/nothing-here");
        assertThat(status(missing)).isEqualTo(404);
        assertThat(missing).contains("Content-Type: application/json");

        String wrongMethod = exchange(port, "DELETE /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(status(wrongMethod)).isEqualTo(405);
        assertThat(wrongMethod).contains("Allow: GET");

        String garbage = exchange(port, "THIS IS NOT HTTP\r\n\r\n");
        assertThat(status(garbage)).isEqualTo(400);
        assertThat(garbage).doesNotContain("<html").doesNotContain("at org.");

        handler.failWith = () -> new IllegalStateException("boom in the handler");
        String failed = get(port, "/api/v1/services");
        assertThat(status(failed)).isEqualTo(500);
        assertThat(body(failed).at("/error/code").asInt()).isEqualTo(-32603);
        assertThat(failed).doesNotContain("at dev.vigil").doesNotContain("Exception");
    }

    @Test
    void oversizedHeadersAndBodiesAreRefusedWithJson() throws Exception {
        int port = startTcp().port();

        String big = exchange(port, "GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertThat(status(big)).isEqualTo(431);
        assertThat(body(big).at("/error/status").asInt()).isEqualTo(431);

        String auth = "Authorization: Bearer " + Files.readString(token()).strip();
        String body = "x".repeat(5000);
        String tooLong = exchange(port, "POST /api/v1/services/web/restart HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\n" + auth + "\r\nConnection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        assertThat(status(tooLong)).isEqualTo(413);
        assertThat(handler.calls).isEmpty();
    }

    @Test
    void aSlowlorisClientIsClosedAndHoldsNoThread() throws Exception {
        int port = start(spec(new Endpoint.Tcp("127.0.0.1", 0), 256, Duration.ofSeconds(2))).port();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                Socket s = new Socket("127.0.0.1", port);
                s.getOutputStream().write("GET /livez HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long started = System.nanoTime();
            // One header byte per 300 ms per client keeps every connection busy, never idle.
            while (System.nanoTime() - started < Duration.ofSeconds(1).toNanos()) {
                for (Socket s : slow) {
                    dribble(s);
                }
                assertThat(status(get(port, "/livez"))).isEqualTo(200); // others are still served
                assertThat(httpThreads()).isLessThanOrEqualTo(16);
                Thread.sleep(300); // the slow client's pace itself, not a synchronisation
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                slow.forEach(HttpListenerIT::dribble);
                return slow.stream().allMatch(HttpListenerIT::closedByServer);
            });
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static void dribble(Socket s) {
        try {
            s.getOutputStream().write('X');
            s.getOutputStream().flush();
        } catch (IOException e) {
            // Closed by the server: what the test waits for.
        }
    }

    /** True once the server closed the connection (EOF or reset); false while it still waits for us. */
    private static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            InputStream in = s.getInputStream();
            return in.read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    private static long httpThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("vigil-http")).count();
    }

    @Test
    void aThousandConcurrentConnectionsAreAllAnswered() throws Exception {
        int port = start(spec(new Endpoint.Tcp("127.0.0.1", 0), 2000, Duration.ofSeconds(30))).port();
        int clients = 1000;
        List<Socket> sockets = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
                s.setSoTimeout(60_000);
                sockets.add(s);
            }
            // All 1000 are open at once before any request is sent.
            List<Future<Integer>> answers = new ArrayList<>();
            for (Socket s : sockets) {
                answers.add(pool.submit(() -> {
                    OutputStream out = s.getOutputStream();
                    out.write("GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return status(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
                }));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(120, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertThat(httpThreads()).isLessThanOrEqualTo(16);
    }

    @Test
    void aUnixSocketListenerIsOwnerOnlyAndServes() throws Exception {
        Path socket = dir.resolve("http.sock");
        start(spec(new Endpoint.Unix(socket), 16, Duration.ofSeconds(30)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap("GET /livez HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
            String response = new String(readAll(channel), StandardCharsets.US_ASCII);
            assertThat(status(response)).isEqualTo(200);
            assertThat(body(response).get("status").asText()).isEqualTo("ok");
        }
        listener.close();
        listener = null;
        assertThat(socket).doesNotExist();
    }

    private static byte[] readAll(SocketChannel channel) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    @Test
    void metricsNegotiateOpenMetricsAndOpenApiDescribesEveryRoute() throws Exception {
        int port = startTcp().port();
        String plain = get(port, "/metrics");
        assertThat(plain).contains("Content-Type: text/plain; version=0.0.4").contains("vigil_build_info{version=\"test\"} 1")
                .contains("jvm_memory_used_bytes").contains("jvm_threads_current");
        String open = exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: application/openmetrics-text; version=1.0.0\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(open).contains("Content-Type: application/openmetrics-text").endsWith("# EOF\n");

        JsonNode doc = body(get(port, "/api/v1/openapi.json"));
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrderElementsOf(Routes.ALL.stream().map(Route::template).distinct().toList());
        assertThat(doc.at("/paths/~1api~1v1~1services~1{name}~1restart/post/security/0/bearer")).isNotNull();
        // Every $ref points at a schema that exists.
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(doc.at(ref.substring(1)).isMissingNode()).isFalse());
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
