package dev.vigil.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/vigil's client AOT cache in a copy of just what bin/vigil needs (bin/ and the three jars, the
 * grpc plugin on the class path): the first {@code list} trains it in the background, the next one
 * loads its classes from it; a copy of that checkout elsewhere (mtimes kept, so only the path
 * differs) does not use the copied cache but trains its own; a cache the JVM rejects (other flags)
 * is noticed and trained again. A daemon runs meanwhile (one idle service): a cache is kept only
 * from a command that got an answer. Which run used the cache is read from -Xlog:class+load, passed
 * through JDK_JAVA_OPTIONS. It lives in this module because only here are all three jars built.
 */
class ClientAotCacheIT {

    private static final Path ROOT = Path.of(System.getProperty("vigil.root", "..")).toAbsolutePath().normalize();
    private static final String FROM_CACHE = "dev.vigil.cli.Main source: shared objects file";
    private static final Duration TRAINING = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void theCacheIsTrainedUsedAndRetrainedAfterTheCheckoutIsCopiedOrTheJvmRejectsIt() throws Exception {
        Path first = copyCheckout(dir.resolve("first"));
        // With no daemon to answer, a list trains no cache: it would lack every class that reads an
        // answer and, being valid, never be trained again.
        String noDaemon = run(first, "-Xlog:class+load=info");
        assertThat(noDaemon).contains("vigil: no daemon");
        await().atMost(TRAINING).until(() -> idle(first));
        assertThat(aot(first, "")).as("no cache from a command that got no answer").doesNotExist();
        Process daemon = startDaemon(first);
        try {
            trainUseAndRetrain(first);
        } finally {
            stop(daemon);
        }
    }

    private void trainUseAndRetrain(Path first) throws Exception {

        String untrained = list(first, "-Xlog:class+load=info");
        assertThat(untrained).contains("dev.vigil.cli.Main source: file:").doesNotContain(FROM_CACHE);
        awaitTrained(first);
        assertThat(list(first, "-Xlog:class+load=info")).contains(FROM_CACHE);

        Path second = dir.resolve("second");
        copyTree(first, second);
        String copied = list(second, "-Xlog:class+load=info");
        assertThat(copied).as("the copied cache is not used (it names the first checkout's jars)")
                .contains("dev.vigil.cli.Main source: file:" + second).doesNotContain(FROM_CACHE).doesNotContain("[error");
        await().atMost(TRAINING).until(() -> keyNames(second) && idle(second));
        assertThat(list(second, "-Xlog:class+load=info")).contains(FROM_CACHE);

        String rejected = list(second, "-XX:-UseCompressedOops -Xlog:class+load=info");
        assertThat(rejected).as("a rejected cache is not an error for the user").doesNotContain(FROM_CACHE).doesNotContain("[error");
        assertThat(Files.readString(aot(second, ".log"))).contains("Unable to use AOT cache");
        assertThat(list(second, "-Xlog:class+load=info")).as("after a rejection the cache is trained again")
                .doesNotContain(FROM_CACHE);
        await().atMost(TRAINING).until(() -> !Files.exists(aot(second, ".log")) && Files.exists(aot(second, ".key")) && idle(second));
        assertThat(list(second, "-Xlog:class+load=info")).contains(FROM_CACHE);
    }

    /** A daemon on this test's state dir, supervising one idle `sleep`; returns once `list` answers. */
    private Process startDaemon(Path checkout) throws Exception {
        Path config = dir.resolve("vigil.toml");
        Files.writeString(config, "[services.idle]\ncommand = [\"/bin/sleep\", \"600\"]\nstop_timeout = \"2s\"\n");
        Process daemon = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-cp", checkout.resolve("vigil/target/vigil.jar").toString(),
                "dev.vigil.cli.Main", "daemon", "--config", config.toString(), "--state-dir", dir.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive()
                || Files.readString(dir.resolve("daemon.log")).contains("\"to\":\"running\""));
        assertThat(daemon.isAlive()).as(Files.readString(dir.resolve("daemon.log"))).isTrue();
        return daemon;
    }

    /** SIGTERM, which stops its service too; SIGKILL only if it does not exit within a minute. */
    private static void stop(Process daemon) throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
            daemon.destroyForcibly();
        }
    }

    /** True when the cache's key names CHECKOUT's own jars (it is replaced as the last step of a training). */
    private static boolean keyNames(Path checkout) throws IOException {
        Path key = aot(checkout, ".key");
        return Files.exists(key) && Files.readString(key).contains(checkout.toString());
    }

    private static Path aot(Path checkout, String suffix) {
        return checkout.resolve("vigil/target/vigil-cli.aot" + suffix);
    }

    /** True when no training is in progress (its temp files are removed as its last step). */
    private static boolean idle(Path checkout) throws IOException {
        try (Stream<Path> files = Files.list(checkout.resolve("vigil/target"))) {
            return files.noneMatch(f -> f.getFileName().toString().contains(".tmp"));
        }
    }

    private static void awaitTrained(Path checkout) {
        await().atMost(TRAINING).until(() -> Files.exists(aot(checkout, ".key")) && idle(checkout));
    }

    private Path copyCheckout(Path to) throws IOException {
        copyTree(ROOT.resolve("bin"), to.resolve("bin"));
        for (String jar : List.of("vigil/target/vigil.jar", "vigil-fixtures/target/vigil-fixtures.jar",
                "vigil-grpc/target/vigil-grpc-plugin.jar")) {
            Files.createDirectories(to.resolve(jar).getParent());
            Files.copy(ROOT.resolve(jar), to.resolve(jar), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return to;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().endsWith(".lock")) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * {@code bin/vigil --state-dir DIR list} in CHECKOUT (the daemon answers: exit 0), its output merged. The global option comes first, as bench/list-vs-supervisorctl.sh runs it:
     * bin/vigil must still see `list` as the command that trains the cache.
     */
    private String list(Path checkout, String javaOptions) throws IOException, InterruptedException {
        String text = run(checkout, javaOptions);
        assertThat(text).as("the daemon's answer").contains("idle");
        return text;
    }

    /** {@code bin/vigil --state-dir DIR list} with exit 0 if a daemon answers, 5 if there is none. */
    private String run(Path checkout, String javaOptions) throws IOException, InterruptedException {
        Path output = Files.createTempFile(dir, "list", ".out");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(checkout.resolve("bin/vigil").toString(),
                "--state-dir", dir.resolve("state").toString(), "list")));
        builder.environment().put("JDK_JAVA_OPTIONS", javaOptions);
        builder.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("vigil list exited within 60 s").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isEqualTo(text.contains("vigil: no daemon") ? 5 : 0);
            return text;
        } finally {
            process.destroyForcibly();
        }
    }
}
