package dev.vigil.bench;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loading (read, parse, validate) a generated config with a warm JIT:
 * {@code comments10k}, a service after 10,000 comment and blank lines, and {@code services2000},
 * 2,000 services each with a tcp probe.
 * <pre>
 * java -jar bench/target/benchmarks.jar ConfigLoadBench
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConfigLoadBench {

    @Param({"comments10k", "services2000"})
    public String shape;

    private Path dir;
    private Path file;
    private final ConfigLoader loader = new ConfigLoader("/usr/bin:/bin");

    @Setup(Level.Trial)
    public void write() throws IOException {
        dir = Files.createTempDirectory("vigil-config-bench");
        file = dir.resolve("services.toml");
        StringBuilder toml = new StringBuilder();
        switch (shape) {
            case "comments10k" -> {
                for (int i = 0; i < 10_000; i++) {
                    toml.append(i % 3 == 0 ? "\n" : "# comment line " + i + " with some words to make it longer\n");
                }
                toml.append("[services.web]\ncommand = [\"/bin/true\"]\n");
            }
            case "services2000" -> {
                for (int i = 0; i < 2_000; i++) {
                    toml.append("[services.s").append(i).append("]\ncommand = [\"/bin/sleep\", \"600\"]\n")
                            .append("[services.s").append(i).append(".probes.health]\nkind = \"tcp\"\n")
                            .append("address = \"127.0.0.1:").append(1024 + i).append("\"\n\n");
                }
            }
            default -> throw new IllegalArgumentException(shape);
        }
        Files.writeString(file, toml);
        if (!(loader.load(file) instanceof LoadResult.Valid)) {
            throw new IllegalStateException("the generated config must be valid: " + loader.load(file));
        }
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    public LoadResult load() {
        return loader.load(file);
    }
}
