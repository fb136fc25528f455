package dev.vigil.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vigil's daemon AOT cache (issue 16) in a copy of just what bin/vigil needs: the first
 * {@code bin/vigil daemon} runs without it and trains it in the background (a short daemon of its
 * own), the next one loads its classes from it, and one the JVM rejects (other flags) is noticed
 * and trained again. Which run used the cache is read from -Xlog:class+load, written to a file
 * named in JDK_JAVA_OPTIONS. In this module because only here are all three jars built.
 */
class DaemonAotCacheIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final String FROM_CACHE = "dev.vigil.daemon.Daemon source: shared objects file";
    private static final String FROM_JAR = "dev.vigil.daemon.Daemon source: file:";
    private static final Duration TRAINING = Duration.ofSeconds(180);

    @TempDir
    Path dir;

    @Test
    void theDaemonCacheIsTrainedUsedAndRetrainedWhenTheJvmRejectsIt() throws Exception {
        Path checkout = copyCheckout(dir.resolve("checkout"));
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, "[services.one]\ncommand = [\"" + sleep() + "\", \"3600\"]\n");

        assertThat(daemon(checkout, config, "")).contains(FROM_JAR).doesNotContain(FROM_CACHE);
        await().atMost(TRAINING).until(() -> Files.exists(aot(checkout, ".key")) && idle(checkout));
        assertThat(daemon(checkout, config, "")).contains(FROM_CACHE);

        assertThat(daemon(checkout, config, "-XX:-UseCompressedOops")).as("a rejected cache: the daemon runs without it")
                .contains(FROM_JAR).doesNotContain(FROM_CACHE);
        assertThat(Files.readString(aot(checkout, ".log"))).contains("Unable to use AOT cache");
        daemon(checkout, config, "");   // sees the rejection and trains again
        await().atMost(TRAINING).until(() -> !Files.exists(aot(checkout, ".log")) && Files.exists(aot(checkout, ".key"))
                && idle(checkout));
        assertThat(daemon(checkout, config, "")).contains(FROM_CACHE);
    }

    /**
     * Runs {@code bin/vigil daemon} in CHECKOUT until it reports its service running, then stops it
     * with SIGTERM (it stops the service and exits 0). @return its class-load log
     */
    private String daemon(Path checkout, Path config, String javaOptions) throws Exception {
        Path classes = Files.createTempFile(dir, "classes", ".log");
        Path events = Files.createTempFile(dir, "events", ".jsonl");
        ProcessBuilder builder = new ProcessBuilder(checkout.resolve("bin/vigil").toString(), "daemon",
                "--config", config.toString(), "--state-dir", dir.resolve("state").toString());
        builder.environment().put("JDK_JAVA_OPTIONS", javaOptions + " -Xlog:class+load=info:file=" + classes);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process process = builder.redirectErrorStream(true).redirectOutput(events.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> !process.isAlive()
                    || Files.readString(events).contains("\"to\":\"running\""));
            assertThat(process.isAlive()).as("the daemon runs: " + Files.readString(events)).isTrue();
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s of SIGTERM").isTrue();
            assertThat(process.exitValue()).as(Files.readString(events)).isZero();
            return Files.readString(classes);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String sleep() {
        return Stream.of("/usr/bin/sleep", "/bin/sleep").filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow();
    }

    private static Path aot(Path checkout, String suffix) {
        return checkout.resolve("vigil/target/vigil-daemon.aot" + suffix);
    }

    /** True when no training is in progress (its temp files are removed as its last step). */
    private static boolean idle(Path checkout) throws IOException {
        try (Stream<Path> files = Files.list(checkout.resolve("vigil/target"))) {
            return files.noneMatch(f -> f.getFileName().toString().contains(".tmp"));
        }
    }

    private Path copyCheckout(Path to) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve("bin"))) {
            for (Path source : files.toList()) {
                Path target = to.resolve("bin").resolve(ROOT.resolve("bin").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        for (String jar : List.of("vigil/target/vigil.jar", "vigil-fixtures/target/vigil-fixtures.jar",
                "vigil-grpc/target/vigil-grpc-plugin.jar")) {
            Files.createDirectories(to.resolve(jar).getParent());
            Files.copy(ROOT.resolve(jar), to.resolve(jar), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return to;
    }
}
