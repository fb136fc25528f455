package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [consul]}: the agent whose watchdog TTL checks the daemon keeps. */
class ConsulConfigTest {

    private static final String WORKER = """
            [services.worker]
            command = ["/bin/true"]
            type = "notify"
            watchdog = "4s"

            [services.web]
            command = ["/bin/true"]
            """;

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheLocalAgentNoTokenEveryServiceAndTwoSeconds() {
        ConsulSpec consul = valid(write(dir, "services.toml", "[consul]\n" + WORKER)).consul().orElseThrow();
        assertThat(consul.address()).isEqualTo(URI.create("http://127.0.0.1:8500"));
        assertThat(consul.tokenFile()).isEmpty();
        assertThat(consul.services()).isEmpty();
        assertThat(consul.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(valid(write(dir, "services.toml", WORKER)).consul()).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
        ConsulSpec consul = valid(write(dir, "services.toml", """
                [consul]
                address = "https://consul.local:8501"
                token_file = "secrets/consul.token"
                services = ["worker"]
                timeout = "500ms"
                """ + WORKER)).consul().orElseThrow();
        assertThat(consul.address()).isEqualTo(URI.create("https://consul.local:8501"));
        assertThat(consul.tokenFile()).isEqualTo(Optional.of(dir.resolve("secrets/consul.token")));
        assertThat(consul.services()).containsExactly("worker");
        assertThat(consul.timeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesAndServicesWithoutAWatchdogAreNamedWithTheirPosition() {
        List<String> lines = problemLines(dir, """
                [consul]
                address = "consul:8500"
                timeout = "1m"
                tokenfile = "x"
                """ + WORKER);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("services.toml:2:11: consul.address: has scheme consul, not http or https");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("services.toml:3:11: consul.timeout:"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("services.toml:4:1: consul.tokenfile: unknown key"));

        assertThat(problemLines(dir, "[consul]\nservices = [\"web\", \"workr\"]\n" + WORKER)).containsExactly(
                "services.toml:1:1: consul.services: has no process with a watchdog, so it has no TTL check to update, "
                        + "was \"web\" (a service with a watchdog (type = \"notify\", watchdog = \"...\"))",
                "services.toml:1:1: consul.services: is not a declared service, was \"workr\" (did you mean \"worker\"? "
                        + "a declared service with a watchdog)");
    }
}
