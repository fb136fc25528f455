package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpConfigTest {

    private static final String SERVICE = """
            [services.web]
            command = ["/bin/sleep", "60"]
            """;

    @TempDir
    Path dir;

    private HttpSpec valid(String http) {
        LoadResult result = ConfigFiles.load(ConfigFiles.write(dir, "vigil.toml", http + SERVICE));
        assertThat(result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).config().http().orElseThrow();
    }

    @Test
    void absentTableMeansNoListener() {
        LoadResult result = ConfigFiles.load(ConfigFiles.write(dir, "vigil.toml", SERVICE));
        assertThat(((LoadResult.Valid) result).config().http()).isEmpty();
    }

    @Test
    void loopbackListenWithDefaults() {
        HttpSpec spec = valid("[http]\nlisten = \"127.0.0.1:9810\"\n");
        assertThat(spec.listen()).isEqualTo(new Endpoint.Tcp("127.0.0.1", 9810));
        assertThat(spec.loopback()).isTrue();
        assertThat(spec.readsNeedToken()).isFalse();
        assertThat(spec.maxConnections()).isEqualTo(HttpSpec.DEFAULT_MAX_CONNECTIONS);
        assertThat(spec.idleTimeout()).isEqualTo(HttpSpec.DEFAULT_IDLE_TIMEOUT);
        assertThat(spec.probeHistogram()).isFalse();
        assertThat(spec.tokenFile(Path.of("/state"))).isEqualTo(Path.of("/state/http.token"));
    }

    @Test
    void unixListenResolvesAgainstTheConfigDirectory() {
        HttpSpec spec = valid("[http]\nlisten = \"unix:run/http.sock\"\nidle_timeout = \"5s\"\nmax_connections = 10\n");
        assertThat(spec.listen()).isEqualTo(new Endpoint.Unix(dir.resolve("run/http.sock")));
        assertThat(spec.loopback()).isTrue();
        assertThat(spec.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.maxConnections()).isEqualTo(10);
    }

    @Test
    void ipv6LoopbackIsLoopback() {
        assertThat(valid("[http]\nlisten = \"[::1]:9810\"\n").loopback()).isTrue();
    }

    @Test
    void remoteBindWithTokenFileIsValidAndReadsNeedTheToken() {
        HttpSpec spec = valid("[http]\nlisten = \"0.0.0.0:9810\"\ntoken_file = \"secret/token\"\n");
        assertThat(spec.loopback()).isFalse();
        assertThat(spec.readsNeedToken()).isTrue();
        assertThat(spec.tokenFile()).isEqualTo(Optional.of(dir.resolve("secret/token")));
    }

    @Test
    void remoteBindWithExplicitOptOutServesReadsOpenly() {
        HttpSpec spec = valid("[http]\nlisten = \"192.0.2.7:9810\"\nallow_unauthenticated_remote = true\n");
        assertThat(spec.readsNeedToken()).isFalse();
    }

    @Test
    void remoteBindWithoutTokenIsRefusedWithTheReason() {
        var lines = ConfigFiles.problemLines(dir, "[http]\nlisten = \"0.0.0.0:9810\"\n" + SERVICE);
        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:2:10: http.listen: is not a loopback address, and there is no token_file")
                .contains("anyone who can reach it could read every service's state")
                .contains("allow_unauthenticated_remote = true");
    }

    @Test
    void everyBadValueIsReportedAtItsPosition() {
        var lines = ConfigFiles.problemLines(dir, """
                [http]
                listen = "127.0.0.1:99999"
                max_connections = 0
                idle_timeout = "-1s"
                max_header_bytes = "big"
                lisen = 1
                """ + SERVICE);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).startsWith("services.toml:2:10: http.listen: has no valid port");
        assertThat(lines.get(1)).startsWith("services.toml:3:19: http.max_connections: must be >= 1, was 0");
        assertThat(lines.get(2)).startsWith("services.toml:4:16: http.idle_timeout: must be > 0");
        assertThat(lines.get(3)).startsWith("services.toml:5:20: http.max_header_bytes: must be an integer");
        assertThat(lines.get(4)).startsWith("services.toml:6:1: http.lisen: unknown key (did you mean \"listen\"?");
    }

    @Test
    void missingListenAndEmptyUnixPathAreErrors() {
        assertThat(ConfigFiles.problemLines(dir, "[http]\nmax_connections = 5\n" + SERVICE))
                .singleElement().asString().contains("http: missing key listen");
        assertThat(ConfigFiles.problemLines(dir, "[http]\nlisten = \"unix:\"\n" + SERVICE))
                .singleElement().asString().contains("has no path after unix:");
    }

    @Test
    void httpDeclaredInTwoFilesIsAnError() {
        ConfigFiles.write(dir, "a.toml", "[http]\nlisten = \"127.0.0.1:1\"\n" + SERVICE);
        ConfigFiles.write(dir, "b.toml", "[http]\nlisten = \"127.0.0.1:2\"\n");
        assertThat(ConfigFiles.problems(dir)).singleElement().asString().contains("http: is declared twice");
    }
}
