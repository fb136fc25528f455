package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.daemon.DaemonHarness;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil export} through the real jar: what it prints, that a {@code vigil probe} command it
 * exports really probes, and that no other command loads the export libraries.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ExportCommandIT {
    private static final Path REFERENCE = Path.of("../examples/reference.toml").toAbsolutePath().normalize();
    /** Class-name prefixes only an export may load. */
    private static final List<String> EXPORT_ONLY = List.of("io.fabric8.", "tools.jackson.",
            "com.fasterxml.jackson.dataformat.yaml.", "org.yaml.snakeyaml.", "dev.vigil.export.");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run vigil(String... args) throws IOException, InterruptedException {
        return run(DaemonHarness.javaCommand(args));
    }

    @Test
    void printsKubernetesJsonOnStdoutAndEachLossOnStderr() throws Exception {
        Run run = vigil("export", "kubernetes", "web", "--format", "json", "--config", REFERENCE.toString());
        assertThat(run.exit()).isZero();
        JsonNode containers = new ObjectMapper().readTree(run.out());
        assertThat(containers).hasSize(1);
        assertThat(containers.get(0).get("name").asText()).isEqualTo("web");
        assertThat(containers.get(0).get("readinessProbe").get("timeoutSeconds").asInt()).isEqualTo(1);
        assertThat(run.err().lines()).contains(
                "warning: services.web.probes.health.timeout: 500ms -> timeoutSeconds 1 (Kubernetes counts whole seconds; rounded up)",
                "warning: services.web.probes.health.role: liveness (on_degraded = \"warn\") -> readiness (Kubernetes has no warn-only liveness)");
        assertThat(run.err().lines()).allSatisfy(line -> assertThat(line).startsWith("warning: "));
    }

    @Test
    void unknownServiceExitsFourWithoutAStackTrace() throws Exception {
        Run run = vigil("export", "docker", "webb", "--config", REFERENCE.toString());
        assertThat(run.exit()).isEqualTo(4);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Did you mean 'web'?").doesNotContain("Exception", "\tat ");
    }

    @Test
    void theExportedVigilProbeCommandReallyProbesAUnixSocket() throws Exception {
        Path socket = dir.resolve("ui.sock");
        Path config = Files.writeString(dir.resolve("services.toml"), """
                [services.ui]
                command = ["/bin/sleep", "infinity"]
                [services.ui.probes.live]
                kind = "http"
                unix = "ui.sock"
                path = "/livez"
                timeout = "2s"
                """);
        Run export = vigil("export", "kubernetes", "--format", "json", "-c", config.toString());
        assertThat(export.exit()).isZero();
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(export.out()).get(0).get("livenessProbe").get("exec").get("command")
                .forEach(a -> command.add(a.asText()));
        assertThat(command).containsExactly("vigil", "probe", "--timeout", "2s", "unix:" + socket, "--http", "/livez");
        List<String> asRun = DaemonHarness.javaCommand(command.subList(1, command.size()).toArray(String[]::new));

        // Nothing listens yet: the exported check must fail ...
        assertThat(vigil(command.subList(1, command.size()).toArray(String[]::new)).exit()).isEqualTo(1);

        // ... and pass once a real HTTP server answers on the socket.
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answer = Thread.ofPlatform().daemon().start(() -> answerOnce(server));
            Run probe = run(asRun);
            answer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(probe.exit()).as(probe.out() + probe.err()).isZero();
            assertThat(probe.out()).startsWith("ok: ");
        }
    }

    @Test
    void theExportedJsonRpcCommandSendsTheMethodAndParamsOfTheConfig() throws Exception {
        Path socket = dir.resolve("rpc.sock");
        Path config = Files.writeString(dir.resolve("services.toml"), """
                [services.os]
                command = ["/bin/sleep", "infinity"]
                [services.os.probes.rpc]
                kind = "jsonrpc"
                unix = "rpc.sock"
                method = "status.get"
                params = { verbose = true, depth = 2 }
                """);
        Run export = vigil("export", "docker", "-c", config.toString());
        assertThat(export.exit()).isZero();
        String line = export.out().lines().filter(l -> l.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(line.substring(line.indexOf(" CMD ") + " CMD ".length())).forEach(a -> command.add(a.asText()));
        assertThat(command.getFirst()).isEqualTo("vigil");

        ObjectMapper json = new ObjectMapper();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Thread answer = Thread.ofPlatform().daemon().start(() -> answerOnce(server, "\n", request -> {
                try {
                    JsonNode call = json.readTree(request);
                    boolean asConfigured = call.get("method").asText().equals("status.get")
                            && call.get("params").equals(json.readTree("{\"verbose\":true,\"depth\":2}"));
                    return "{\"jsonrpc\":\"2.0\",\"id\":" + call.get("id") + ","
                            + (asConfigured ? "\"result\":{}" : "\"error\":{\"code\":-32602,\"message\":\"unexpected\"}") + "}\n";
                } catch (IOException e) {
                    return "not json\n";
                }
            }));
            Run probe = run(DaemonHarness.javaCommand(command.subList(1, command.size()).toArray(String[]::new)));
            answer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(probe.exit()).as(probe.out() + probe.err()).isZero();
        }
    }

    /** One HTTP/1.1 exchange: read the request head, answer 200 for GET /livez. */
    private static void answerOnce(ServerSocketChannel server) {
        answerOnce(server, "\r\n\r\n", request -> "HTTP/1.1 " + (request.startsWith("GET /livez ") ? "200 OK" : "404 Not Found")
                + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    }

    /** Accepts one connection, reads until {@code end}, writes what {@code respond} makes of the request. */
    private static void answerOnce(ServerSocketChannel server, String end, java.util.function.UnaryOperator<String> respond) {
        try (SocketChannel client = server.accept()) {
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            StringBuilder request = new StringBuilder();
            while (!request.toString().contains(end) && client.read(buffer) > 0) {
                buffer.flip();
                request.append(StandardCharsets.UTF_8.decode(buffer));
                buffer.clear();
            }
            client.write(StandardCharsets.UTF_8.encode(respond.apply(request.toString())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void onlyTheExportCommandLoadsTheExportLibraries() throws Exception {
        Run export = run(verbose("export", "kubernetes", "--pod", "-c", REFERENCE.toString()));
        assertThat(export.exit()).isZero();
        assertThat(exportOnly(loaded(export.out()))).anyMatch(c -> c.startsWith("io.fabric8."))
                .anyMatch(c -> c.startsWith("com.fasterxml.jackson.dataformat.yaml."));

        // check goes through picocli, which reflects over every command class, ExportCommand included.
        Run check = run(verbose("check", REFERENCE.toString()));
        assertThat(check.exit()).isZero();
        assertThat(loaded(check.out())).contains("dev.vigil.cli.ExportCommand");
        assertThat(exportOnly(loaded(check.out()))).isEmpty();

        Run list = run(verbose("--state-dir", dir.resolve("state").toString(), "list"));
        assertThat(list.exit()).isEqualTo(ExitCodes.NO_DAEMON);
        assertThat(exportOnly(loaded(list.out()))).isEmpty();
    }

    /**
     * The daemon cannot load what it does not reference: outside {@code dev.vigil.export}, only
     * {@code cli.ExportCommand} and {@code cli.ExportRun} depend on the export package or its
     * libraries (jdeps over the compiled classes, so a later import anywhere else fails here).
     */
    @Test
    void nothingButTheExportCommandReferencesTheExportPackage() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = jdeps.run(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                "--multi-release", "25", "-verbose:class", "-filter:none", "-cp", System.getProperty("java.class.path"), "target/classes");
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("dev.vigil.cli.ExportRun");
        List<String> offenders = out.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.contains("->"))
                .map(String::strip)
                .filter(line -> EXPORT_ONLY.stream().anyMatch(p -> line.split("->")[1].strip().startsWith(p)))
                .map(line -> line.split("->")[0].strip())
                .filter(from -> !from.startsWith("dev.vigil.export.") && !from.startsWith("dev.vigil.cli.Export"))
                .distinct().toList();
        assertThat(offenders).isEmpty();
    }

    private static List<String> exportOnly(List<String> classes) {
        return classes.stream().filter(c -> EXPORT_ONLY.stream().anyMatch(c::startsWith)).toList();
    }

    private List<String> verbose(String... args) {
        List<String> command = new ArrayList<>(DaemonHarness.javaCommand(args));
        command.add(1, "-verbose:class");
        return command;
    }

    private static List<String> loaded(String verboseOut) {
        return verboseOut.lines().filter(l -> l.startsWith("[") && l.contains("[class,load] "))
                .map(l -> l.substring(l.indexOf("[class,load] ") + "[class,load] ".length()).split(" ")[0])
                .toList();
    }
}
