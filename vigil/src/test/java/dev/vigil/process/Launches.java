package dev.vigil.process;

import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.UnixSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds launch requests for integration tests and kills whatever they started, even on failure. */
final class Launches implements AutoCloseable {
    private final List<RunningProcess> started = new ArrayList<>();
    private final ProcessLauncher launcher;
    private final Path logDir;

    Launches(ProcessLauncher launcher, Path logDir) {
        this.launcher = launcher;
        this.logDir = logDir;
    }

    static ProcessSpec spec(String name, LogSpec logs, List<String> command) {
        return new ProcessSpec(name, command, Map.of(), Optional.empty(), UnixSignal.TERM, Duration.ofSeconds(10),
                ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, logs);
    }

    static ProcessSpec spec(String name, List<String> command) {
        return spec(name, LogSpec.defaults(), command);
    }

    /** argv that runs a fixture from vigil-fixtures.jar in a small JVM. */
    static List<String> fixture(String name, String... args) {
        String jar = System.getProperty("vigil.fixtures.jar", "../vigil-fixtures/target/vigil-fixtures.jar");
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", jar, name));
        argv.addAll(List.of(args));
        return argv;
    }

    static List<String> sh(String script) {
        return List.of("/bin/sh", "-c", script);
    }

    RunningProcess start(ProcessSpec spec) throws LaunchException {
        return start(spec, Map.of());
    }

    RunningProcess start(ProcessSpec spec, Map<String, String> extraEnv) throws LaunchException {
        RunningProcess process = launcher.launch(new LaunchRequest("svc", spec, extraEnv, logDir));
        started.add(process);
        return process;
    }

    @Override
    public void close() {
        started.forEach(RunningProcess::killAll);
        if (launcher instanceof AutoCloseable closeable) {
            // Reaped first, so no zombie outlives the launcher's capture thread.
            for (RunningProcess process : started) {
                try {
                    process.exit().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    // Not reaped in time or its exit failed: closing the launcher is all that is left.
                }
            }
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
