package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** examples/reference.toml, which uses every key, read into exactly the records expected. */
class ReferenceConfigTest {

    private static final Path FILE = Path.of("../examples/reference.toml").toAbsolutePath().normalize();
    private static final Path DIR = FILE.getParent();
    private static List<String> lines;
    private static VigilConfig config;

    @BeforeAll
    static void load() throws IOException {
        lines = Files.readAllLines(FILE);
        config = ConfigFiles.valid(FILE);
    }

    /** Where the table header {@code [text]} is. */
    private static SourceRef header(String text) {
        int line = lines.indexOf("[" + text + "]");
        assertThat(line).as(text).isNotNegative();
        return new SourceRef(FILE, line + 1, 1);
    }

    /** Where the last word of {@code linePrefix} (a key inside an inline table) starts. */
    private static SourceRef keyOf(String linePrefix) {
        int line = 0;
        while (line < lines.size() && !lines.get(line).startsWith(linePrefix)) {
            line++;
        }
        assertThat(line).as(linePrefix).isLessThan(lines.size());
        return new SourceRef(FILE, line + 1, linePrefix.lastIndexOf(' ') + 2);
    }

    private static void assertSame(Object actual, Object expected) {
        assertThat(actual).usingRecursiveComparison()
                .withComparatorForType(Comparator.comparing(Pattern::pattern), Pattern.class)
                .isEqualTo(expected);
    }

    @Test
    void everyProbeTargetNamesTheKindItWasWrittenWith() {
        List<String> written = lines.stream().filter(l -> l.startsWith("kind = \""))
                .map(l -> l.substring("kind = \"".length(), l.length() - 1)).toList();
        assertThat(written).contains("tcp", "http", "jsonrpc", "exec", "grpc");
        // ... and restart_on_memory of os.ui adds its memory probe after the probes written for os.
        assertThat(config.services().stream().flatMap(s -> s.probes().stream()).map(p -> p.target().kind()).toList())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(written.stream(), java.util.stream.Stream.of("memory")).toList());
    }

    @Test
    void daemonSettings() {
        assertThat(config.sources()).containsExactly(FILE);
        assertThat(config.daemon()).isEqualTo(new DaemonSettings(5, Duration.ofMinutes(2), false, DaemonSettings.LogFormat.JSON));
        assertThat(config.services()).extracting(ServiceSpec::name).containsExactly("web", "os");
    }

    @Test
    void singleProcessShorthandServiceWithEveryKey() {
        ProcessSpec web = new ProcessSpec("web", List.of("/bin/sleep", "infinity"), Map.of("PORT", "8080", "MODE", "demo"),
                Optional.of(DIR), UnixSignal.INT, Duration.ofSeconds(15), ProcessType.NOTIFY, Duration.ofSeconds(45),
                Optional.of(Duration.ofSeconds(5)), NotifyAccess.ALL, true, new LogSpec(20L << 20, 5, 2000));
        ProbeSpec health = new ProbeSpec("health",
                new ProbeTarget.Http(new Endpoint.Tcp("127.0.0.1", 8080), "HEAD", "/health?deep=1", "127.0.0.1:8080",
                        200, 299, Optional.of("ok"), Optional.of(Pattern.compile("status.+up")),
                        Optional.of("Content-Type"), Optional.of("application/json")),
                Optional.empty(), Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofSeconds(2), 4, 2,
                ProbeRole.LIVENESS, header("services.web.probes.health"));
        ProbeSpec port = new ProbeSpec("port", new ProbeTarget.Tcp(new Endpoint.Tcp("127.0.0.1", 8080)), Optional.empty(),
                Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ZERO, 3, 1, ProbeRole.READINESS,
                header("services.web.probes.port"));
        ServiceSpec expected = new ServiceSpec("web", List.of(web),
                new RestartPolicy(RestartMode.ON_FAILURE,
                        new BackoffSpec(Duration.ofMillis(500), Duration.ofMinutes(1), 1.5, 0.2, Duration.ofSeconds(90)),
                        10, Duration.ofMinutes(2), Optional.of(Duration.ofMinutes(10))),
                false, List.of(health, port), DegradedAction.WARN, 4, header("services.web"), true, false,
                new DependencySpec(List.of(), true));
        assertSame(config.service("web").orElseThrow(), expected);
        assertThat(config.service("web").orElseThrow().readyGate()).isFalse();
        assertThat(web.wantsNotifySocket()).isTrue();
    }

    @Test
    void multiProcessServiceWithEveryProbeKind() {
        ProcessSpec server = new ProcessSpec("server", List.of("/bin/sleep", "infinity"), Map.of(), Optional.of(DIR),
                UnixSignal.TERM, Duration.ofSeconds(10), ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(),
                NotifyAccess.MAIN, false, LogSpec.defaults());
        ProcessSpec ui = new ProcessSpec("ui", List.of("sh", "-c", "exec sleep infinity"), Map.of(),
                Optional.of(Path.of("/tmp")), UnixSignal.TERM, Duration.ofSeconds(10), ProcessType.SIMPLE,
                Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, new LogSpec(1 << 20, 3, 1000),
                new ProcessControls(Optional.empty(), List.of(), Map.of(), false, java.util.OptionalInt.empty(), Map.of(),
                        java.util.OptionalLong.of(512L << 20), java.util.OptionalInt.of(50),
                        Optional.of(new MemoryLimit(400L << 20, restartOnMemoryAt()))));
        List<ProbeSpec> probes = List.of(
                probe("ui-socket", new ProbeTarget.Http(new Endpoint.Unix(DIR.resolve("run/ui.sock")), "GET", "/livez",
                        "localhost", 200, 399, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                        Optional.of("ui"), ProbeRole.LIVENESS, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                probe("server-socket", new ProbeTarget.Tcp(new Endpoint.Unix(Path.of("/run/os/server.sock"))),
                        Optional.of("server"), ProbeRole.STARTUP, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                probe("rpc", new ProbeTarget.JsonRpc(new Endpoint.Unix(Path.of("/run/os/rpc.sock")),
                                ProbeTarget.JsonRpcTransport.LINE, "/", "status.get",
                                Optional.of("{\"verbose\":true,\"depth\":2}")),
                        Optional.empty(), ProbeRole.LIVENESS, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                probe("rpc-http", new ProbeTarget.JsonRpc(new Endpoint.Tcp("127.0.0.1", 9090),
                                ProbeTarget.JsonRpcTransport.HTTP, "/rpc", "rpc.discover", Optional.empty()),
                        Optional.empty(), ProbeRole.LIVENESS, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                probe("rpc-tcp", new ProbeTarget.JsonRpc(new Endpoint.Tcp("127.0.0.1", 9091),
                                ProbeTarget.JsonRpcTransport.LINE, "/", "rpc.discover", Optional.of("[\"a\",1]")),
                        Optional.empty(), ProbeRole.LIVENESS, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                probe("script", new ProbeTarget.Exec(List.of("/bin/sh", "-c", "test -d /tmp"), Optional.of(Path.of("/tmp"))),
                        Optional.empty(), ProbeRole.LIVENESS, Duration.ofMinutes(1), Duration.ofSeconds(5)),
                probe("grpc", new ProbeTarget.Grpc(new Endpoint.Tcp("::1", 50051), "vigil.Demo", true),
                        Optional.empty(), ProbeRole.LIVENESS, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                // restart_on_memory of ui: every 10s (the shortest interval of the probes watching ui), 2 failures
                new ProbeSpec("memory.ui", new ProbeTarget.Memory("os", "ui", 400L << 20), Optional.of("ui"),
                        Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ZERO, 2, 1, ProbeRole.LIVENESS,
                        restartOnMemoryAt()));
        ServiceSpec expected = new ServiceSpec("os", List.of(server, ui),
                new RestartPolicy(RestartMode.ALWAYS, BackoffSpec.defaults(), 5, Duration.ofSeconds(60), Optional.empty()),
                true, probes, DegradedAction.RESTART, 3, header("services.os"), false,
                new DependencySpec(List.of(new Dependency("web", DependencyCondition.READY, keyOf("depends_on = { web")
                )), false));
        assertSame(config.service("os").orElseThrow(), expected);
    }

    /** Where os.ui's restart_on_memory value is written (column 21: after {@code restart_on_memory = }). */
    private static SourceRef restartOnMemoryAt() {
        int line = lines.indexOf(lines.stream().filter(l -> l.startsWith("restart_on_memory = ")).findFirst().orElseThrow());
        return new SourceRef(FILE, line + 1, 21);
    }

    private static ProbeSpec probe(String name, ProbeTarget target, Optional<String> process, ProbeRole role,
                                   Duration interval, Duration timeout) {
        return new ProbeSpec(name, target, process, interval, timeout, Duration.ZERO, 3, 1, role,
                header("services.os.probes." + name));
    }

    @Test
    void defaultsOfAMinimalService() throws IOException {
        Path dir = Files.createTempDirectory("vigil-config");
        try {
            Path file = ConfigFiles.write(dir, "min.toml", "[services.min]\ncommand = [\"/bin/true\"]\n");
            ServiceSpec min = ConfigFiles.valid(file).services().getFirst();
            assertThat(min).isEqualTo(new ServiceSpec("min",
                    List.of(new ProcessSpec("min", List.of("/bin/true"), Map.of(), Optional.of(dir.toAbsolutePath()),
                            UnixSignal.TERM, Duration.ofSeconds(10), ProcessType.SIMPLE, Duration.ofSeconds(30),
                            Optional.empty(), NotifyAccess.MAIN, false, LogSpec.defaults())),
                    new RestartPolicy(RestartMode.ALWAYS, BackoffSpec.defaults(), 5, Duration.ofSeconds(60),
                            Optional.of(Duration.ofMinutes(5))),
                    true, List.of(), DegradedAction.RESTART, 3, new SourceRef(file.toAbsolutePath(), 1, 1)));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
