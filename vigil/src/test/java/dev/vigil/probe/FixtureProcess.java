package dev.vigil.probe;

import dev.vigil.config.Endpoint;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A fixture server from vigil-fixtures running as a real child JVM. {@link #start} returns once the
 * fixture printed "listening on ..."; {@link #close} kills it (after SIGCONT, in case a test stopped it).
 */
final class FixtureProcess implements AutoCloseable {

    private final Process process;
    private final Endpoint endpoint;

    private FixtureProcess(Process process, Endpoint endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static FixtureProcess start(String fixture, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", fixturesClasspath(), "dev.vigil.fixtures.Fixtures", fixture));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<String> listening = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("listening on ")) {
                        listening.complete(line.substring("listening on ".length()));
                    }
                }
                listening.completeExceptionally(new IllegalStateException(fixture + " exited before listening"));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            return new FixtureProcess(process, parse(listening.get(20, TimeUnit.SECONDS)));
        } catch (Exception e) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw e;
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    int port() {
        return ((Endpoint.Tcp) endpoint).port();
    }

    long pid() {
        return process.pid();
    }

    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
        if (signal.equals("STOP")) {
            // Delivery is asynchronous: wait until the kernel shows the process stopped.
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).pollInterval(java.time.Duration.ofMillis(5))
                    .until(() -> stateOf(Files.readString(stat)) == 'T');
        }
    }

    private static char stateOf(String stat) {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** Stops the fixture gracefully (SIGTERM) and waits for it to exit. */
    void terminate() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly();
        }
        process.waitFor(10, TimeUnit.SECONDS);
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** The shaded fixtures jar failsafe names, or wherever the fixture classes are on the test classpath. */
    static String fixturesClasspath() throws Exception {
        String jar = System.getProperty("vigil.fixtures.jar");
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            return jar;
        }
        Class<?> dispatcher = Class.forName("dev.vigil.fixtures.Fixtures");
        return new File(dispatcher.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
    }

    private static Endpoint parse(String where) {
        if (where.startsWith("unix:")) {
            return new Endpoint.Unix(Path.of(where.substring("unix:".length())));
        }
        int colon = where.lastIndexOf(':');
        return new Endpoint.Tcp(where.substring(0, colon), Integer.parseInt(where.substring(colon + 1)));
    }
}
