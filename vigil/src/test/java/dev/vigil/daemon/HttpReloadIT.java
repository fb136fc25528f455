package dev.vigil.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.daemon.DaemonHarness.CliResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP listener of a real daemon across reloads, and its absence without [http]. */
class HttpReloadIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private DaemonHarness daemon;

    @AfterEach
    void stop() throws Exception {
        DaemonHarness.terminateLeavingNothing(daemon, WAIT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String http(int port) {
        return "[http]\nlisten = \"127.0.0.1:" + port + "\"\n\n";
    }

    private static String sleeper(String name) {
        return "[services." + name + "]\ncommand = [\"/bin/sleep\", \"600\"]\nstop_timeout = \"2s\"\n\n";
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long listeningEvents() {
        return daemon.events().stream().filter(e -> e.path("event").asText().equals("http_listening")).count();
    }

    private void reload() throws Exception {
        CliResult reload = daemon.cli("reload");
        assertThat(reload.exitCode()).as(reload.stderr()).isZero();
    }

    @Test
    void aReloadKeepsTheListenerRebindsItOnAChangeAndStopsItWhenRemoved() throws Exception {
        int a = freePort();
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, http(a) + sleeper("one"));
        daemon = DaemonHarness.start(config, dir);
        daemon.awaitEvent(DaemonHarness.event("daemon_started", null, Map.of()), WAIT);
        assertThat(get(a, "/readyz").statusCode()).isEqualTo(200);

        Files.writeString(config, http(a) + sleeper("one") + sleeper("two"));
        reload();
        assertThat(listeningEvents()).as("kept, not rebound").isEqualTo(1);
        assertThat(get(a, "/metrics").body()).contains("vigil_service_up{service=\"two\"}");

        int b = freePort();
        int from = daemon.eventCount();
        Files.writeString(config, http(b) + sleeper("one") + sleeper("two"));
        reload();
        daemon.awaitEvent(from, DaemonHarness.event("http_listening", null, Map.of("url", "http://127.0.0.1:" + b)), WAIT);
        assertThat(get(b, "/api/v1/services/two").statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(a, "/livez")).isInstanceOf(ConnectException.class);

        from = daemon.eventCount();
        Files.writeString(config, sleeper("one"));
        reload();
        daemon.awaitEvent(from, DaemonHarness.event("http_stopped", null, Map.of()), WAIT);
        assertThatThrownBy(() -> get(b, "/livez")).isInstanceOf(ConnectException.class);
        assertThat(daemon.cli("list").exitCode()).isZero(); // supervising on, over the socket
    }

    @Test
    void withoutHttpNeitherJettyNorThePrometheusClientIsLoaded() throws Exception {
        Files.writeString(dir.resolve("off.toml"), sleeper("one"));
        Files.writeString(dir.resolve("on.toml"), http(freePort()) + sleeper("one"));

        List<String> off = loadedClasses(dir.resolve("off.toml"), dir.resolve("off-state"), dir.resolve("off-classes.log"));
        List<String> on = loadedClasses(dir.resolve("on.toml"), dir.resolve("on-state"), dir.resolve("on-classes.log"));

        assertThat(off).isNotEmpty().noneMatch(c -> c.startsWith("org.eclipse.jetty.") || c.startsWith("io.prometheus.")
                || c.startsWith("dev.vigil.web."));
        // The control: with [http] the same check finds them, so the log is read correctly.
        assertThat(on).anyMatch(c -> c.startsWith("org.eclipse.jetty.")).anyMatch(c -> c.startsWith("io.prometheus."))
                .contains("dev.vigil.web.HttpListener");
    }

    /** Runs a daemon with -Xlog:class+load until it has started, stops it, returns the classes it loaded. */
    private static List<String> loadedClasses(Path config, Path stateDir, Path log) throws Exception {
        List<String> command = new ArrayList<>(DaemonHarness.javaCommand("daemon", "--config", config.toString(),
                "--state-dir", stateDir.toString()));
        command.add(1, "-Xlog:class+load=info:file=" + log);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("\"event\":\"daemon_started\"")) {
                // wait for start-up to finish: everything a running daemon loads is loaded by then
            }
            assertThat(line).as("daemon_started").isNotNull();
            process.destroy(); // SIGTERM to that PID: it stops its service and exits
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        List<String> classes = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            String[] parts = l.split(" ");
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].endsWith("[class,load]")) {
                    classes.add(parts[i + 1]);
                }
            }
        }
        return classes;
    }
}
