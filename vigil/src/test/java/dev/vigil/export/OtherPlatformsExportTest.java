package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nomad, Consul and Docker rules that the golden files show only in passing. */
class OtherPlatformsExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERVICES = """
            [services.api]
            command = ["/bin/sleep", "infinity"]
            type = "notify"
            watchdog = "1500ms"
            [services.api.probes.ready]
            kind = "tcp"
            address = "10.0.0.9:8080"
            role = "readiness"
            failures = 2
            [services.api.probes.live]
            kind = "http"
            url = "http://10.0.0.9:8080/livez"
            start_grace = "20s"
            failures = 4
            successes = 2
            status = "200-299"
            """;

    @TempDir
    Path dir;

    private Exported export(Platform platform, ExportFormat format) {
        return Exports.export(platform, Configs.services(dir, SERVICES), ExportOptions.defaults(platform).withFormat(format));
    }

    @Test
    void nomadRestartsOnlyOnLivenessWithItsFailuresAndGrace() throws IOException {
        Exported exported = export(Platform.NOMAD, ExportFormat.JSON);
        JsonNode checks = JSON.readTree(exported.text()).get("service").get(0).get("check");
        JsonNode ready = checks.get(0);
        JsonNode live = checks.get(1);
        assertThat(ready.has("check_restart")).isFalse();
        assertThat(ready.get("failures_before_critical").asInt()).isEqualTo(2);
        assertThat(live.get("check_restart").get("limit").asInt()).isEqualTo(4);
        assertThat(live.get("check_restart").get("grace").asText()).isEqualTo("20s");
        assertThat(live.get("success_before_passing").asInt()).isEqualTo(2);
        assertThat(live.get("path").asText()).isEqualTo("/livez");
        assertThat(live.get("port").asInt()).isEqualTo(8080);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.api.type: \"notify\" -> ready when started (Nomad has no sd_notify; run vigil as the entrypoint to keep it)",
                "warning: services.api.watchdog: 1s500ms -> not enforced (Nomad has no sd_notify; run vigil as the entrypoint to keep it)",
                "warning: services.api.probes.ready.address: host 10.0.0.9 -> the task's address (a Nomad check cannot name another host)",
                "warning: services.api.probes.live.url: host 10.0.0.9 -> the task's address (a Nomad check cannot name another host)");

        // The HCL form carries the same blocks.
        String hcl = export(Platform.NOMAD, ExportFormat.HCL).text();
        assertThat(hcl).contains("    check_restart {\n      limit = 4\n      grace = \"20s\"\n    }\n")
                .contains("    success_before_passing = 2\n");
    }

    @Test
    void consulKeepsExactDurationsAndTurnsTheWatchdogIntoATtlCheck() throws IOException {
        Exported exported = export(Platform.CONSUL, ExportFormat.JSON);
        JsonNode checks = JSON.readTree(exported.text()).get("services").get(0).get("checks");
        assertThat(checks).hasSize(3);
        assertThat(checks.get(0).get("tcp").asText()).isEqualTo("10.0.0.9:8080");
        assertThat(checks.get(1).get("http").asText()).isEqualTo("http://10.0.0.9:8080/livez");
        assertThat(checks.get(1).get("failures_before_critical").asInt()).isEqualTo(4);
        assertThat(checks.get(2).get("id").asText()).isEqualTo("vigil:api:api:watchdog");
        assertThat(checks.get(2).get("ttl").asText()).isEqualTo("1s500ms");
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.api.probes.live.start_grace: 20s -> none (Consul counts a check's results from its first run)",
                "warning: services.api.watchdog: 1s500ms -> TTL check vigil:api:api:watchdog (Consul learns of WATCHDOG=1 only "
                        + "from a vigil daemon whose config has [consul])",
                "warning: services.api.on_degraded: \"restart\" -> health status only (Consul restarts nothing; its liveness "
                        + "checks only mark the service critical)");
    }

    @Test
    void dockerPrefersTheLivenessProbeEvenWhenDeclaredLater() {
        Exported exported = export(Platform.DOCKER, ExportFormat.TEXT);
        assertThat(exported.text()).isEqualTo("""
                # api: probe live (liveness)
                HEALTHCHECK --interval=10s --timeout=1s --start-period=20s --retries=4 CMD ["vigil","probe","--timeout","1s","http://10.0.0.9:8080/livez"]
                """);
        assertThat(Configs.warnings(exported)).containsExactly(
                "warning: services.api.probes.ready.role: readiness -> dropped (Docker keeps one HEALTHCHECK per image; probe live has it)",
                "warning: services.api.probes.live.successes: 2 -> 1 (Docker turns healthy on one success)",
                "warning: services.api.probes.live.status: 200-299 -> 200-399 (vigil probe counts 200-399 as healthy)");
    }
}
