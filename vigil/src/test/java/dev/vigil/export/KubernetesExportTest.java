package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kubernetes translation rules, one config each, with the exact warning lines. */
class KubernetesExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Exported export(String toml) {
        return Exports.export(Platform.KUBERNETES, Configs.services(dir, toml),
                ExportOptions.defaults(Platform.KUBERNETES).withFormat(ExportFormat.JSON));
    }

    private static JsonNode containers(Exported exported) throws IOException {
        return JSON.readTree(exported.text());
    }

    @Test
    void wholeSecondsMapOneToOneWithoutWarnings() throws IOException {
        Exported exported = export("""
                [services.web]
                command = ["/bin/sleep", "infinity"]
                [services.web.probes.health]
                kind = "http"
                url = "http://10.0.0.5:8080/health"
                interval = "7s"
                timeout = "2s"
                start_grace = "30s"
                failures = 5
                """);
        JsonNode probe = containers(exported).get(0).get("livenessProbe");
        assertThat(probe.get("httpGet").get("host").asText()).isEqualTo("10.0.0.5");
        assertThat(probe.get("httpGet").get("port").asInt()).isEqualTo(8080);
        assertThat(probe.get("httpGet").get("path").asText()).isEqualTo("/health");
        assertThat(probe.get("periodSeconds").asInt()).isEqualTo(7);
        assertThat(probe.get("timeoutSeconds").asInt()).isEqualTo(2);
        assertThat(probe.get("initialDelaySeconds").asInt()).isEqualTo(30);
        assertThat(probe.get("failureThreshold").asInt()).isEqualTo(5);
        assertThat(probe.get("successThreshold").asInt()).isEqualTo(1);
        assertThat(exported.warnings()).isEmpty();
    }

    @Test
    void durationsBelowOrBetweenSecondsRoundUpWithAWarningEach() throws IOException {
        Exported exported = export("""
                [services.web]
                command = ["/bin/sleep", "infinity"]
                [services.web.probes.port]
                kind = "tcp"
                address = "db.internal:5432"
                interval = "1500ms"
                timeout = "250ms"
                start_grace = "100ms"
                """);
        JsonNode probe = containers(exported).get(0).get("livenessProbe");
        assertThat(probe.get("tcpSocket").get("host").asText()).isEqualTo("db.internal");
        assertThat(probe.get("periodSeconds").asInt()).isEqualTo(2);
        assertThat(probe.get("timeoutSeconds").asInt()).isEqualTo(1);
        assertThat(probe.get("initialDelaySeconds").asInt()).isEqualTo(1);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.web.probes.port.interval: 1s500ms -> periodSeconds 2 (Kubernetes counts whole seconds; rounded up)",
                "warning: services.web.probes.port.timeout: 250ms -> timeoutSeconds 1 (Kubernetes counts whole seconds; rounded up)",
                "warning: services.web.probes.port.start_grace: 100ms -> initialDelaySeconds 1 (Kubernetes counts whole seconds; rounded up)");
    }

    @Test
    void successThresholdIsOneForLivenessAndStartupButKeptForReadiness() throws IOException {
        Exported exported = export("""
                [services.web]
                command = ["/bin/sleep", "infinity"]
                [services.web.probes.live]
                kind = "tcp"
                address = "db.internal:1"
                successes = 2
                [services.web.probes.ready]
                kind = "tcp"
                address = "db.internal:2"
                role = "readiness"
                successes = 3
                [services.web.probes.boot]
                kind = "tcp"
                address = "db.internal:3"
                role = "startup"
                successes = 4
                """);
        JsonNode web = containers(exported).get(0);
        assertThat(web.get("livenessProbe").get("successThreshold").asInt()).isEqualTo(1);
        assertThat(web.get("readinessProbe").get("successThreshold").asInt()).isEqualTo(3);
        assertThat(web.get("startupProbe").get("successThreshold").asInt()).isEqualTo(1);
        assertThat(web.get("startupProbe").get("tcpSocket").get("port").asInt()).isEqualTo(3);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.web.probes.live.successes: 2 -> successThreshold 1 (Kubernetes requires 1 for liveness probes)",
                "warning: services.web.probes.boot.successes: 4 -> successThreshold 1 (Kubernetes requires 1 for startup probes)");
    }

    @Test
    void aStartupProbeGetsAsManyPeriodsAsItsProcessHasStartTimeout() throws IOException {
        Exported exported = export("""
                [services.db]
                command = ["/bin/sleep", "infinity"]
                start_timeout = "45s"
                [services.db.probes.boot]
                kind = "tcp"
                address = "db.internal:5432"
                role = "startup"
                interval = "10s"
                start_grace = "5s"
                failures = 2

                [services.cache]
                command = ["/bin/sleep", "infinity"]
                [services.cache.probes.boot]
                kind = "tcp"
                address = "cache.internal:6379"
                role = "startup"
                interval = "7s"
                """);
        JsonNode db = containers(exported).get(0).get("startupProbe");
        assertThat(db.get("initialDelaySeconds").asInt()).isEqualTo(5);
        assertThat(db.get("periodSeconds").asInt()).isEqualTo(10);
        assertThat(db.get("failureThreshold").asInt()).as("5s + 4 x 10s = 45s, whatever failures says").isEqualTo(4);
        JsonNode cache = containers(exported).get(1).get("startupProbe");
        assertThat(cache.get("failureThreshold").asInt()).as("default start_timeout 30s: 5 x 7s covers it").isEqualTo(5);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.cache.start_timeout: 30s -> initialDelaySeconds 0 + failureThreshold 5 x periodSeconds 7 = 35s "
                        + "for probe boot (Kubernetes bounds a startup probe by a count of periods)");
    }

    @Test
    void warnOnlyLivenessBecomesReadiness() throws IOException {
        Exported exported = export("""
                [services.api]
                command = ["/bin/sleep", "infinity"]
                on_degraded = "warn"
                [services.api.probes.health]
                kind = "grpc"
                address = "127.0.0.1:50051"
                service = "acme.Api"
                """);
        JsonNode api = containers(exported).get(0);
        assertThat(api.has("livenessProbe")).isFalse();
        assertThat(api.get("readinessProbe").get("grpc").get("port").asInt()).isEqualTo(50051);
        assertThat(api.get("readinessProbe").get("grpc").get("service").asText()).isEqualTo("acme.Api");
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.api.probes.health.role: liveness (on_degraded = \"warn\") -> readiness (Kubernetes has no warn-only liveness)",
                "warning: services.api.probes.health.address: host 127.0.0.1 -> the pod IP (the kubelet probes from outside the pod; listen on the pod IP or 0.0.0.0)");
    }

    @Test
    void unixSocketsJsonRpcAndGrpcOverTlsBecomeVigilProbeCommands() throws IOException {
        Exported exported = export("""
                [services.os.processes.ui]
                command = ["/bin/sleep", "infinity"]
                [services.os.processes.rpc]
                command = ["/bin/sleep", "infinity"]
                [services.os.processes.api]
                command = ["/bin/sleep", "infinity"]
                [services.os.probes.ui]
                kind = "http"
                unix = "/run/os/ui.sock"
                path = "/livez"
                method = "HEAD"
                timeout = "300ms"
                process = "ui"
                [services.os.probes.rpc]
                kind = "jsonrpc"
                unix = "/run/os/rpc.sock"
                method = "status.get"
                params = { deep = true }
                process = "rpc"
                [services.os.probes.api]
                kind = "grpc"
                address = "127.0.0.1:50051"
                tls = true
                process = "api"
                """);
        JsonNode containers = containers(exported);
        assertThat(containers).hasSize(3);
        assertThat(containers.get(0).get("name").asText()).isEqualTo("os-ui");
        assertThat(command(containers.get(0))).isEqualTo(
                "vigil probe --timeout 300ms unix:/run/os/ui.sock --http /livez --head");
        assertThat(containers.get(0).get("livenessProbe").get("timeoutSeconds").asInt()).isEqualTo(1);
        assertThat(command(containers.get(1))).isEqualTo(
                "vigil probe --timeout 1s unix:/run/os/rpc.sock --jsonrpc status.get --params {\"deep\":true}");
        assertThat(command(containers.get(2))).isEqualTo("vigil probe --timeout 1s grpcs://127.0.0.1:50051");
        // A Unix-socket HEAD is exact through vigil probe: only the timeout's rounding is lossy.
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.os.probes.ui.timeout: 300ms -> timeoutSeconds 1 (Kubernetes counts whole seconds; rounded up)");
    }

    @Test
    void jsonRpcOverHttpBecomesATcpCheckOfItsPort() throws IOException {
        Exported exported = export("""
                [services.api]
                command = ["/bin/sleep", "infinity"]
                [services.api.probes.rpc]
                kind = "jsonrpc"
                url = "http://10.0.0.7:9090/rpc"
                method = "health.check"
                """);
        JsonNode tcp = containers(exported).get(0).get("livenessProbe").get("tcpSocket");
        assertThat(tcp.get("host").asText()).isEqualTo("10.0.0.7");
        assertThat(tcp.get("port").asInt()).isEqualTo(9090);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.api.probes.rpc.url: JSON-RPC health.check over HTTP POST 10.0.0.7:9090/rpc -> TCP connect "
                        + "to 10.0.0.7:9090 (no check here can POST JSON-RPC)");
    }

    @Test
    void serviceWideProbesGoToEveryContainerAndASecondProbeOfARoleIsDropped() throws IOException {
        Exported exported = export("""
                [services.os.processes.server]
                command = ["/bin/sleep", "infinity"]
                [services.os.processes.ui]
                command = ["/bin/sleep", "infinity"]
                [services.os.probes.server]
                kind = "tcp"
                address = "db.internal:1"
                process = "server"
                [services.os.probes.all]
                kind = "exec"
                command = ["/bin/true"]
                [services.os.probes.extra]
                kind = "exec"
                command = ["/bin/true", "again"]
                """);
        JsonNode containers = containers(exported);
        assertThat(containers.get(0).get("livenessProbe").get("tcpSocket").get("port").asInt()).isEqualTo(1);
        assertThat(containers.get(1).get("livenessProbe").get("exec").get("command").toString()).isEqualTo("[\"/bin/true\"]");
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.os.probes.all.role: liveness -> dropped from container os-server (Kubernetes allows one liveness probe per container; probe server has it)",
                "warning: services.os.probes.extra.role: liveness -> dropped from container os-server (Kubernetes allows one liveness probe per container; probe server has it)",
                "warning: services.os.probes.extra.role: liveness -> dropped from container os-ui (Kubernetes allows one liveness probe per container; probe all has it)");
    }

    @Test
    void namesThatAreNotDnsLabelsAreRewritten() throws IOException {
        Exported exported = export("""
                [services.my_app]
                command = ["/bin/sleep", "infinity"]
                """);
        assertThat(containers(exported).get(0).get("name").asText()).isEqualTo("my-app");
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.my_app: \"my_app\" -> container name \"my-app\" (Kubernetes names are DNS labels: a-z, 0-9 and '-', at most 63)");
    }

    private static String command(JsonNode container) {
        StringBuilder text = new StringBuilder();
        container.get("livenessProbe").get("exec").get("command").forEach(a -> text.append(text.isEmpty() ? "" : " ").append(a.asText()));
        return text.toString();
    }
}
