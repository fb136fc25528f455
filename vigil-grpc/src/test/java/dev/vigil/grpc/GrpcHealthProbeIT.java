package dev.vigil.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import dev.vigil.files.SearchPath;
import dev.vigil.probe.DeadlineAlarms;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.probe.Prober;
import dev.vigil.process.ProcessInspector;
import dev.vigil.time.Ticker;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grpc probe against a real grpc.health.v1 server, a closed port and a listener that never speaks. */
class GrpcHealthProbeIT {

    private static final Duration TIMEOUT = Duration.ofMillis(800);
    /** How far past its timeout a probe may return on this shared 2-core machine. */
    private static final Duration MARGIN = Duration.ofMillis(1000);

    private final NettyGrpcHealthChecker checker = new NettyGrpcHealthChecker();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable resource : cleanup.reversed()) {
            resource.close();
        }
    }

    @Test
    void aServingServiceIsHealthy() {
        HealthServer server = server().status("vigil.Demo", ServingStatus.SERVING);

        ProbeOutcome outcome = check(server.endpoint(), "vigil.Demo");

        assertThat(outcome).isInstanceOfSatisfying(ProbeOutcome.Healthy.class,
                healthy -> assertThat(healthy.detail()).isEqualTo("SERVING"));
    }

    @Test
    void theWholeServerIsCheckedWithTheEmptyServiceName() {
        HealthServer server = server();

        assertThat(check(server.endpoint(), "")).isInstanceOf(ProbeOutcome.Healthy.class);

        server.status("", ServingStatus.NOT_SERVING);
        assertThat(check(server.endpoint(), "")).isInstanceOfSatisfying(ProbeOutcome.Unhealthy.class,
                u -> assertThat(u.reason()).isEqualTo("grpc health NOT_SERVING for the whole server (service \"\")"));
    }

    @Test
    void aNotServingServiceIsUnhealthyAndTheReasonSaysSo() {
        HealthServer server = server().status("vigil.Demo", ServingStatus.NOT_SERVING);

        assertThat(check(server.endpoint(), "vigil.Demo")).isInstanceOfSatisfying(ProbeOutcome.Unhealthy.class,
                u -> assertThat(u.reason()).isEqualTo("grpc health NOT_SERVING for service \"vigil.Demo\""));
    }

    @Test
    void aServiceTheServerDoesNotKnowIsUnhealthy() {
        HealthServer server = server().status("vigil.Demo", ServingStatus.SERVING);

        assertThat(check(server.endpoint(), "vigil.Other")).isInstanceOfSatisfying(ProbeOutcome.Unhealthy.class,
                u -> assertThat(u.reason()).isEqualTo("grpc health NOT_FOUND: the server knows no service \"vigil.Other\""));
    }

    @Test
    void nothingListeningIsConnectRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        ProbeOutcome outcome = check(new Endpoint.Tcp("127.0.0.1", closedPort), "vigil.Demo");

        assertThat(outcome).isInstanceOfSatisfying(ProbeOutcome.Unhealthy.class,
                u -> assertThat(u.reason()).isEqualTo("connect refused (127.0.0.1:" + closedPort + ")"));
    }

    @Test
    void aListenerThatAcceptsAndNeverSpeaksTimesOutWithinTheLimit() throws IOException {
        Endpoint.Tcp silent = silentListener();

        long start = System.nanoTime();
        ProbeOutcome outcome = check(silent, "vigil.Demo");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome).isEqualTo(new ProbeOutcome.TimedOut(TIMEOUT));
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(50)).isLessThan(TIMEOUT.plus(MARGIN));
    }

    @Test
    void tlsAgainstAPlaintextServerFailsWithinTheLimitInsteadOfHanging() {
        HealthServer server = server();

        long start = System.nanoTime();
        ProbeOutcome outcome = checker.check(new ProbeTarget.Grpc(server.endpoint(), "", true), TIMEOUT, Ticker.system());
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.verdict()).isEqualTo(ProbeOutcome.Verdict.FAILURE);
        assertThat(outcome.describe()).doesNotContain("SERVING");
        assertThat(took).isLessThan(TIMEOUT.plus(MARGIN));
    }

    @Test
    void theCoreProberFindsThePluginThroughServiceLoader() {
        HealthServer server = server().status("vigil.Demo", ServingStatus.SERVING);

        ProbeOutcome outcome;
        try (DeadlineAlarms alarms = DeadlineAlarms.start(Ticker.system())) {
            outcome = Prober.standard(Ticker.system(), SearchPath.of(System.getenv("PATH")), alarms, ProcessInspector.system())
                    .probe(new ProbeTarget.Grpc(server.endpoint(), "vigil.Demo", false), TIMEOUT);
        }

        assertThat(outcome).isInstanceOfSatisfying(ProbeOutcome.Healthy.class,
                healthy -> assertThat(healthy.detail()).isEqualTo("SERVING"));
    }

    @Test
    void probesLeaveNoGrpcThreadBehind() throws Exception {
        try (HealthServer server = HealthServer.start().status("vigil.Demo", ServingStatus.SERVING)) {
            Endpoint.Tcp silent = silentListener();
            for (int i = 0; i < 10; i++) {
                assertThat(check(server.endpoint(), "vigil.Demo")).isInstanceOf(ProbeOutcome.Healthy.class);
            }
            assertThat(checker.check(new ProbeTarget.Grpc(silent, "", false), Duration.ofMillis(200), Ticker.system()))
                    .isInstanceOf(ProbeOutcome.TimedOut.class);
        }
        // grpc-netty releases its shared event loop about a second after the last channel and server are gone.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(grpcThreads()).isEmpty());
    }

    private ProbeOutcome check(Endpoint.Tcp endpoint, String service) {
        return checker.check(new ProbeTarget.Grpc(endpoint, service, false), TIMEOUT, Ticker.system());
    }

    private HealthServer server() {
        HealthServer server = HealthServer.start();
        cleanup.add(server);
        return server;
    }

    /** A TCP listener that accepts connections and never reads or writes a byte. */
    private Endpoint.Tcp silentListener() throws IOException {
        ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(listener.accept());
                }
            } catch (IOException closed) {
                // The listener was closed by the test's cleanup: stop accepting.
            }
        });
        cleanup.add(() -> {
            listener.close();
            acceptor.join();
            for (Socket socket : accepted) {
                socket.close();
            }
        });
        return new Endpoint.Tcp("127.0.0.1", listener.getLocalPort());
    }

    private static List<String> grpcThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("grpc-"))
                .toList();
    }
}
