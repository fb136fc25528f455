package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated and random configs, a bounded number from fixed seeds (so a failure replays): every one
 * loads to a valid config or to problems printed one line each, never an exception, and within a
 * generous bound per file. The bound is a hang detector, not a speed figure (those are in bench/).
 */
class ConfigFuzzTest {

    private static final int MUTANTS = 1_500;
    private static final int RANDOM_TEXTS = 1_500;
    private static final Duration PER_FILE = Duration.ofSeconds(10);
    private static final Path REFERENCE = Path.of("../examples/reference.toml");
    private static final String[] TOKENS = {"[", "]", "[[", "]]", "{", "}", "=", ".", ",", "\"", "'", "\"\"\"",
            "'''", "#", "\\", "\\u", "\n", "\r\n", "\r", " ", "\t", "[services.x]", "command = [\"/bin/true\"]",
            "kind = \"tcp\"", "interval = \"2ns\"", "1979-05-27T07:32:00Z", "0x", "inf", "-", "_", "1e", "\u0000",
            "\u00e9", "\uD83D\uDE00", "[services.x.probes.p]", "a.b.c", "true", "99999999999999999999"};

    @TempDir
    Path dir;

    @Test
    void mutatedReferenceConfigsNeverThrowAndEveryProblemIsOneLine() throws IOException {
        byte[] reference = Files.readAllBytes(REFERENCE);
        Random random = new Random(20261129L);
        int valid = 0;
        int beyondSyntax = 0;
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(reference, random);
            LoadResult result = checkLoads(mutant, "mutant " + i);
            if (result instanceof LoadResult.Valid) {
                valid++;
            } else if (((LoadResult.Invalid) result).problems().stream().noneMatch(p -> p.message().startsWith("TOML"))) {
                beyondSyntax++;
            }
        }
        assertThat(valid).as("mutants still valid (the loader is exercised to the end)").isPositive();
        assertThat(beyondSyntax).as("mutants that reach the validators").isPositive();
    }

    @Test
    void randomTokenSoupNeverThrowsAndEveryProblemIsOneLine() {
        Random random = new Random(42L);
        for (int i = 0; i < RANDOM_TEXTS; i++) {
            StringBuilder text = new StringBuilder();
            int tokens = random.nextInt(200);
            for (int t = 0; t < tokens; t++) {
                text.append(TOKENS[random.nextInt(TOKENS.length)]);
            }
            checkLoads(text.toString().getBytes(StandardCharsets.UTF_8), "random text " + i);
        }
    }

    private LoadResult checkLoads(byte[] content, String what) {
        Path file = dir.resolve("fuzz.toml");
        LoadResult result = assertTimeoutPreemptively(PER_FILE, () -> {
            Files.write(file, content);
            return new ConfigLoader(ConfigFiles.SEARCH_PATH).load(file);
        }, what);
        if (result instanceof LoadResult.Invalid invalid) {
            for (ConfigProblem problem : invalid.problems()) {
                assertThat(problem.toString()).as(what).doesNotContain("\n").doesNotContain("\tat ")
                        .doesNotContain("Exception:").startsWith("fuzz.toml");
            }
        }
        return result;
    }

    private static byte[] mutate(byte[] source, Random random) {
        byte[] out = source.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
            out = switch (random.nextInt(5)) {
                case 0 -> flip(out, random);
                case 1 -> insert(out, random.nextInt(out.length + 1),
                        TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                case 2 -> delete(out, random);
                case 3 -> insert(out, random.nextInt(out.length + 1), new byte[] {(byte) (0x80 + random.nextInt(0x80))});
                default -> duplicate(out, random);
            };
        }
        return out;
    }

    private static byte[] flip(byte[] in, Random random) {
        byte[] out = in.clone();
        if (out.length > 0) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private static byte[] insert(byte[] in, int at, byte[] piece) {
        byte[] out = new byte[in.length + piece.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(in, at, out, at + piece.length, in.length - at);
        return out;
    }

    private static byte[] delete(byte[] in, Random random) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(64));
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
    }

    private static byte[] duplicate(byte[] in, Random random) {
        if (in.length == 0) {
            return in;
        }
        int from = random.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + random.nextInt(256));
        byte[] piece = java.util.Arrays.copyOfRange(in, from, to);
        return insert(in, random.nextInt(in.length + 1), piece);
    }
}
