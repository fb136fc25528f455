package dev.vigil.liveness.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.liveness.Liveness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot 4 application context with Actuator's health endpoint and probe groups, and
 * the auto-configured agent on a real loopback port: heartbeats reach Actuator's liveness group and
 * ApplicationAvailability, and Spring's readiness reaches the agent's /readyz.
 */
class VigilLivenessSpringIT {
    @SpringBootApplication
    static class App {
    }

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (context != null) {
            context.close();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(
                "vigil.liveness.port=0",
                "vigil.liveness.bind-address=127.0.0.1",
                "vigil.liveness.sampling-period=50ms",
                "management.endpoint.health.probes.enabled=true",
                "management.endpoints.jmx.exposure.include=health",
                "management.endpoint.health.group.liveness.include=livenessState,vigilLiveness",
                "management.endpoint.health.group.readiness.include=readinessState,vigilReadiness").run();
    }

    private Status group(String name) {
        return context.getBean(HealthEndpoint.class).healthForPath(name).getStatus();
    }

    private static int status(int port, String path) throws IOException {
        return Integer.parseInt(body(port, path).substring(9, 12));
    }

    @Test
    void aStartedApplicationIsLiveAndReadyOnBothSides() throws Exception {
        context = start();
        Liveness liveness = context.getBean(Liveness.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(liveness.port(), "/readyz") == 200);
        assertThat(status(liveness.port(), "/livez")).isEqualTo(200);
        assertThat(group("liveness")).isEqualTo(Status.UP);
        assertThat(group("readiness")).isEqualTo(Status.UP);
        assertThat(context.getBean(ApplicationAvailability.class).getLivenessState()).isEqualTo(LivenessState.CORRECT);
    }

    @Test
    void aStalledHeartbeatBreaksSpringLivenessAndTheActuatorGroupAndRecovers() throws Exception {
        context = start();
        Liveness liveness = context.getBean(Liveness.class);
        ApplicationAvailability availability = context.getBean(ApplicationAvailability.class);
        var loop = liveness.heartbeat("render", Duration.ofMillis(200));
        loop.beat();
        // The loop falls silent: the agent's watchdog, then the bridge, then Actuator see it.
        await().atMost(Duration.ofSeconds(20)).until(() -> availability.getLivenessState() == LivenessState.BROKEN);
        assertThat(group("liveness")).isEqualTo(Status.DOWN);
        assertThat(status(liveness.port(), "/livez")).isEqualTo(503);
        assertThat(context.getBean(HealthEndpoint.class).healthForPath("liveness", "vigilLiveness").getStatus()).isEqualTo(Status.DOWN);

        loop.idle(); // legitimately waiting from now on: no longer stalled
        await().atMost(Duration.ofSeconds(20)).until(() -> availability.getLivenessState() == LivenessState.CORRECT);
        assertThat(group("liveness")).isEqualTo(Status.UP);
    }

    @Test
    void springRefusingTrafficTakesTheAgentOutOfReadiness() throws Exception {
        context = start();
        Liveness liveness = context.getBean(Liveness.class);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(liveness.port(), "/readyz") == 200);
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(liveness.port(), "/readyz") == 503);
        assertThat(group("readiness")).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(status(liveness.port(), "/livez")).as("draining is not dying").isEqualTo(200);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        await().atMost(Duration.ofSeconds(20)).until(() -> status(liveness.port(), "/readyz") == 200);
    }

    @Test
    void schedulingPropertiesReachTheAgentsThreads() throws Exception {
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(
                "vigil.liveness.port=0", "vigil.liveness.bind-address=127.0.0.1",
                "vigil.liveness.realtime-priority=5", "vigil.liveness.nice=-5").run();
        Liveness liveness = context.getBean(Liveness.class);
        // Both the listener and the watchdog thread report the request (granted or not, with the reason).
        java.util.regex.Pattern requested = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote("\"requested\":\"SCHED_RR 5 (else nice -5)\""));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> requested.matcher(body(liveness.port(), "/health")).results().count() == 2);
    }

    private static String body(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theAgentCanBeSwitchedOff() {
        context = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .properties("vigil.liveness.enabled=false").run();
        assertThat(context.getBeanNamesForType(Liveness.class)).isEmpty();
    }
}
