package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil export} as the user meets it: exit codes, error messages, help. */
class ExportCommandTest {
    private static final String REFERENCE = "../examples/reference.toml";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(new PrintWriter(out, true), new PrintWriter(err, true), false, Map.of(),
                Clock.systemUTC(), d -> false);
        int exit = Main.run(env, args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void exportsOnlyTheNamedServicesInTheGivenOrder() throws IOException {
        Run run = vigil("export", "consul", "os", "web", "web", "--config", REFERENCE);
        assertThat(run.exit()).isZero();
        JsonNode services = new ObjectMapper().readTree(run.out()).get("services");
        assertThat(services).hasSize(2);
        assertThat(services.get(0).get("name").asText()).isEqualTo("os");
        assertThat(services.get(1).get("name").asText()).isEqualTo("web");
        assertThat(run.errLines()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("warning: services."));
    }

    @Test
    void anExactExportPrintsNoWarnings() throws IOException {
        Path config = Files.writeString(dir.resolve("exact.toml"), """
                [services.web]
                command = ["/bin/sleep", "infinity"]
                [services.web.probes.health]
                kind = "http"
                url = "http://10.1.2.3:8080/health"
                """);
        Run run = vigil("export", "k8s", "-c", config.toString());
        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("livenessProbe:", "host: 10.1.2.3", "port: 8080");
    }

    @Test
    void unknownServiceSuggestsTheClosestAndExitsFour() {
        Run run = vigil("export", "kubernetes", "wbe", "--config", REFERENCE);
        assertThat(run.exit()).isEqualTo(ExitCodes.UNKNOWN_SERVICE);
        assertThat(run.out()).isEmpty();
        assertThat(run.errLines()).containsExactly(
                "vigil export: unknown service 'wbe' in " + REFERENCE + ". Did you mean 'web'? Services: web, os");
    }

    @Test
    void invalidConfigPrintsTheSameProblemsAsCheckAndExitsOne() throws IOException {
        Path config = Files.writeString(dir.resolve("services.toml"), """
                [services.web]
                command = ["/bin/sleep", "infinity"]
                [services.web.probes.health]
                kind = "http"
                url = "http://127.0.0.1:8080/health"
                timeout = "-1s"
                """);
        Run export = vigil("export", "kubernetes", "--config", config.toString());
        Run check = vigil("check", config.toString());
        assertThat(export.exit()).isEqualTo(1);
        assertThat(export.out()).isEmpty();
        assertThat(check.exit()).isEqualTo(1);
        assertThat(export.errLines()).isNotEmpty().isEqualTo(check.out().lines().toList());
        assertThat(export.errLines().getFirst()).startsWith("services.toml:6:11: services.web.probes.health.timeout:");
    }

    @Test
    void badUsageExitsTwoWithAClearMessage() {
        Run platform = vigil("export", "kubernets", "-c", REFERENCE);
        assertThat(platform.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(platform.errLines()).containsExactly("vigil export: unknown platform 'kubernets'. Did you mean "
                + "'kubernetes'? Platforms: kubernetes (k8s), nomad, consul, docker.");

        Run format = vigil("export", "consul", "--format", "yaml", "-c", REFERENCE);
        assertThat(format.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.errLines()).containsExactly("vigil export: consul exports as json, not 'yaml'");

        Run pod = vigil("export", "nomad", "--pod", "-c", REFERENCE);
        assertThat(pod.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(pod.errLines()).containsExactly("vigil export: --pod, --deployment and --image apply to kubernetes only");

        Run both = vigil("export", "k8s", "--pod", "--deployment", "-c", REFERENCE);
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.errLines()).containsExactly("vigil export: choose one of --pod and --deployment");

        Run noConfig = vigil("export", "k8s");
        assertThat(noConfig.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noConfig.err()).contains("Missing required option: '--config=PATH'");
    }

    @Test
    void helpShowsExamplesFormatsAndExitCodes() {
        Run help = vigil("export", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Examples:", "vigil export kubernetes web --config", "--deployment",
                "nomad --format hcl", "Exit status: 0 exported", "4 no such service");
    }

    @Test
    void imageAndShapeReachTheSkeleton() {
        Run run = vigil("export", "k8s", "web", "--deployment", "--image", "ghcr.io/acme/web:1.4", "-c", REFERENCE);
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("kind: Deployment", "image: ghcr.io/acme/web:1.4", "replicas: 1");
        assertThat(run.errLines()).contains("warning: services.web.restart: \"on-failure\" -> restartPolicy Always "
                + "(a Deployment's pods always restart)");
    }
}
