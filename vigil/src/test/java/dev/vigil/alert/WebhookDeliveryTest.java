package dev.vigil.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.AlertTransport;
import dev.vigil.config.AlertTrigger;
import dev.vigil.config.WebhookFormat;
import dev.vigil.json.Json;
import dev.vigil.supervise.StateKind;
import dev.vigil.supervise.SupervisorEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks against real loopback servers: retries, a black hole, bodies, secrets, a burst. */
class WebhookDeliveryTest {

    private static final RetryPolicy FAST = new RetryPolicy(5, Duration.ofMillis(50), Duration.ofMillis(200));

    @TempDir
    Path dir;

    private static WebhookPost post(URI url, WebhookFormat format, Map<String, Path> secrets, Duration timeout) {
        return new WebhookPost(new AlertTransport.Webhook(url, format, Map.of("X-Env", "test"), secrets), timeout,
                HttpClient.newBuilder().connectTimeout(timeout).build(), "vigil://host");
    }

    @Test
    void retriesOn503ThenSucceeds() {
        ConcurrentLinkedQueue<String> counted = new ConcurrentLinkedQueue<>();
        try (WebhookFixture fixture = new WebhookFixture(2);
             Courier courier = new Courier("t", post(fixture.uri("/hook"), WebhookFormat.JSON, Map.of(), Duration.ofSeconds(30)),
                     FAST, 10, (target, result) -> counted.add(result), d -> { })) {
            courier.offer(Notices.firing("api"));
            await().atMost(Duration.ofSeconds(60)).until(() -> fixture.received().size() == 1);
            assertThat(fixture.requests()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> counted.contains("sent"));
            assertThat(counted).containsExactly("retried", "retried", "sent");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) Json.parse(fixture.received().getFirst().body());
            assertThat(body).containsEntry("event", "firing").containsEntry("service", "api");
        }
    }

    @Test
    void connectionRefusedIsRetriedThenGivenUp() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AtomicReference<DeliveryResult> last = new AtomicReference<>();
        try (Courier courier = new Courier("t", post(URI.create("http://127.0.0.1:" + port + "/"), WebhookFormat.JSON,
                Map.of(), Duration.ofSeconds(10)), new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(20)), 10,
                AlertCounter.NONE, d -> last.set(d.result()))) {
            courier.offer(Notices.firing("api"));
            await().atMost(Duration.ofSeconds(60)).until(() -> last.get() != null);
        }
        assertThat(last.get().ok()).isFalse();
        assertThat(last.get().detail()).startsWith("cannot connect");
    }

    @Test
    void blackHoleHitsTheTimeoutAndIsNotRetried() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket hole = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        accepted.add(hole.accept());
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            WebhookPost hook = post(URI.create("http://127.0.0.1:" + hole.getLocalPort() + "/"), WebhookFormat.JSON,
                    Map.of(), Duration.ofMillis(1000));
            long t0 = System.nanoTime();
            DeliveryResult result = hook.send(Notices.firing("api"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(result.ok()).isFalse();
            assertThat(result.retryable()).isFalse();
            assertThat(result.detail()).isEqualTo("timed out after 1000 ms");
            assertThat(ms).as("returned at the timeout, not never").isGreaterThanOrEqualTo(1000).isLessThan(60_000);
            hole.close();
            acceptor.join();
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void fullQueueDropsTheOldestAndCountsIt() throws Exception {
        ConcurrentLinkedQueue<String> counted = new ConcurrentLinkedQueue<>();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
        Transport stuck = n -> {
            busy.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sent.add(n.service());
            return DeliveryResult.sent("ok");
        };
        try (Courier courier = new Courier("t", stuck, RetryPolicy.NONE, 2, (t, r) -> counted.add(r), d -> { })) {
            courier.offer(Notices.firing("s0"));
            busy.await();
            courier.offer(Notices.firing("s1"));
            courier.offer(Notices.firing("s2"));
            courier.offer(Notices.firing("s3"));
            assertThat(courier.dropped()).isEqualTo(1);
            assertThat(counted).containsExactly("dropped");
            release.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 3);
            assertThat(sent).containsExactly("s0", "s2", "s3");
        }
    }

    @Test
    void secretHeaderIsSentFromItsFile() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "Bearer s3cret\n");
        try (WebhookFixture fixture = new WebhookFixture(0)) {
            DeliveryResult r = post(fixture.uri("/hook"), WebhookFormat.SLACK, Map.of("Authorization", token),
                    Duration.ofSeconds(30)).send(Notices.firing("api"));
            assertThat(r.ok()).isTrue();
            assertThat(r.detail()).doesNotContain("s3cret");
            WebhookFixture.Received got = fixture.received().getFirst();
            assertThat(got.headers().get("Authorization")).containsExactly("Bearer s3cret");
            assertThat(got.headers().get("X-env")).containsExactly("test");
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) Json.parse(got.body());
            assertThat(body).containsOnlyKeys("text");
            assertThat((String) body.get("text")).startsWith("[vigil] api is degraded: probe health: status 500 (probe health)");
        }
    }

    @Test
    void alertmanagerFormatPostsToTheAlertsApiWithLabelsAndEndsAtOnResolve() {
        try (WebhookFixture fixture = new WebhookFixture(0)) {
            WebhookPost hook = post(fixture.uri("/"), WebhookFormat.ALERTMANAGER, Map.of(), Duration.ofSeconds(30));
            assertThat(hook.send(Notices.firing("api")).ok()).isTrue();
            assertThat(hook.send(Notices.resolved("api")).ok()).isTrue();
            List<WebhookFixture.Received> got = fixture.received();
            assertThat(got).extracting(WebhookFixture.Received::path).containsExactly("/api/v2/alerts", "/api/v2/alerts");
            @SuppressWarnings("unchecked")
            Map<String, Object> firing = ((List<Map<String, Object>>) Json.parse(got.get(0).body())).getFirst();
            assertThat(firing.get("labels")).isEqualTo(Map.of("alertname", "VigilServiceUnhealthy", "service", "api",
                    "probe", "health", "severity", "warn"));
            assertThat(firing).containsEntry("startsAt", "2026-11-29T10:00:00Z").doesNotContainKey("endsAt")
                    .containsEntry("generatorURL", "vigil://host/services/api");
            @SuppressWarnings("unchecked")
            Map<String, Object> resolved = ((List<Map<String, Object>>) Json.parse(got.get(1).body())).getFirst();
            assertThat(resolved).containsEntry("endsAt", "2026-11-29T10:01:00Z");
            assertThat(resolved.get("labels")).isEqualTo(firing.get("labels"));
        }
    }

    @Test
    void aBurstOfAHundredEventsArrivesAsOneNotificationAndRecoveryAsOneResolved() {
        try (WebhookFixture fixture = new WebhookFixture(0)) {
            var target = AlertTargets.target(java.util.EnumSet.allOf(AlertTrigger.class), Duration.ofMillis(500),
                    Optional.empty(), new AlertTransport.Webhook(fixture.uri("/hook"), WebhookFormat.JSON, Map.of(), Map.of()),
                    Duration.ofSeconds(30));
            try (AlertDispatcher alerts = new AlertDispatcher(List.of(target), Instant::now, AlertCounter.NONE, FAST,
                    AlertDispatcher.setsid(), null)) {
                for (int i = 0; i < 50; i++) {
                    alerts.accept(Instant.now(), new SupervisorEvent.ServiceStateChanged("api", StateKind.RUNNING,
                            StateKind.DEGRADED, "d" + i));
                    alerts.accept(Instant.now(), new SupervisorEvent.RestartScheduled("api", null, i, 10, "crash"));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> fixture.received().size() == 1);
                alerts.accept(Instant.now(), new SupervisorEvent.ServiceStateChanged("api", StateKind.DEGRADED,
                        StateKind.RUNNING, "ok"));
                await().atMost(Duration.ofSeconds(60)).until(() -> fixture.received().size() == 2);
                @SuppressWarnings("unchecked")
                Map<String, Object> first = (Map<String, Object>) Json.parse(fixture.received().get(0).body());
                assertThat(first).containsEntry("event", "firing").containsEntry("grouped", 100L)
                        .containsEntry("restarts", 50L);
                @SuppressWarnings("unchecked")
                Map<String, Object> second = (Map<String, Object>) Json.parse(fixture.received().get(1).body());
                assertThat(second).containsEntry("event", "resolved").containsEntry("alert_id", first.get("alert_id"));
            }
            assertThat(fixture.requests()).isEqualTo(2);
        }
    }
}
