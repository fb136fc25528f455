package dev.vigil.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil probe grpc://...} from the packaged jars in a child JVM: with the plugin jar beside
 * vigil.jar on the class path ServiceLoader finds the checker; without it the probe cannot run and
 * says how to enable it. The bin/vigil case fails when vigil.jar lacks its Main.
 */
class GrpcProbeCommandIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final Path VIGIL_JAR = Path.of(System.getProperty("vigil.jar", "../vigil/target/vigil.jar"));
    private static final Path TEST_CLASSES = Path.of("target/test-classes").toAbsolutePath();
    private static final Path PLUGIN_JAR = Path.of(System.getProperty("vigil.grpc.plugin.jar", "target/vigil-grpc-plugin.jar"));

    private HealthServer server;

    @BeforeEach
    void startServer() {
        assertThat(VIGIL_JAR).exists();
        assertThat(PLUGIN_JAR).exists();
        server = HealthServer.start().status("vigil.Demo", ServingStatus.SERVING).status("vigil.Down", ServingStatus.NOT_SERVING);
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.close();
    }

    @Test
    void thePackagedPluginJarBesideVigilJarProbesAndExitsByTheVerdict() throws Exception {
        Run serving = probe(List.of(VIGIL_JAR, PLUGIN_JAR), spec("vigil.Demo"));
        assertThat(serving.exit).as(serving.output).isZero();
        assertThat(serving.output).startsWith("ok: SERVING in ").contains("(grpc " + server.endpoint() + "/vigil.Demo)");

        Run down = probe(List.of(VIGIL_JAR, PLUGIN_JAR), spec("vigil.Down"));
        assertThat(down.exit).as(down.output).isEqualTo(1);
        assertThat(down.output).startsWith("failed: grpc health NOT_SERVING for service \"vigil.Down\"");
    }

    @Test
    void withoutThePluginJarTheProbeCannotRunAndSaysHowToEnableIt() throws Exception {
        Run run = probe(List.of(VIGIL_JAR), spec("vigil.Demo"));

        assertThat(run.exit).as(run.output).isEqualTo(2);
        assertThat(run.output).startsWith("unprobeable: grpc probes need the optional vigil-grpc plugin");
    }

    @Test
    void binVigilPutsThePluginOnTheClassPath() throws Exception {
        assertThat(containsMain(VIGIL_JAR)).as("vigil.jar has dev.vigil.cli.Main").isTrue();
        Run serving = run(List.of(ROOT.resolve("bin/vigil").toString(), "probe", spec("vigil.Demo")));

        assertThat(serving.exit).as(serving.output).isZero();
        assertThat(serving.output).startsWith("ok: SERVING in ");
    }

    /** {@code vigil probe --timeout 5s SPEC} from the given jars (plus this module's test classes, for the main). */
    private static Run probe(List<Path> jars, String spec) throws IOException, InterruptedException {
        List<String> classPath = new ArrayList<>(jars.stream().map(Path::toString).toList());
        classPath.add(TEST_CLASSES.toString());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return run(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp", String.join(":", classPath),
                ProbeCommandMain.class.getName(), "--timeout", "5s", spec));
    }

    private static boolean containsMain(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry("dev/vigil/cli/Main.class") != null;
        }
    }

    private String spec(String service) {
        return "grpc://" + server.endpoint() + "/" + service;
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("vigil-grpc-probe", ".out");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        // Tests run the jars this build made; bin/vigil must not start a build of its own.
        builder.environment().put("VIGIL_NO_REBUILD", "1");
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError("vigil probe did not exit within 60 s: " + command);
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}
