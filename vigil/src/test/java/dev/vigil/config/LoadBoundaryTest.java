package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An exception nobody foresaw becomes one line naming the file, not a stack trace. */
class LoadBoundaryTest {

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }

    @Test
    void anUnexpectedExceptionBecomesOneProblemNamingTheFile() {
        ProblemLog problems = new ProblemLog();
        String result = LoadBoundary.guard(Path.of("/etc/vigil/web.toml"), problems, "fallback", () -> {
            throw new IllegalStateException("surprise\nsecond line");
        });
        assertThat(result).isEqualTo("fallback");
        assertThat(problems.listed(List.of(), Path.of("."))).extracting(ConfigProblem::toString).containsExactly(
                "web.toml: cannot be loaded: unexpected IllegalStateException: surprise"
                        + " (please report this with the file that caused it)");
    }

    @Test
    void aStackOverflowIsCaughtToo() {
        ProblemLog problems = new ProblemLog();
        int result = LoadBoundary.guard(Path.of("deep.toml"), problems, -1, () -> recurse(0));
        assertThat(result).isEqualTo(-1);
        assertThat(problems.listed(List.of(), Path.of("."))).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("cannot be loaded: unexpected StackOverflowError"));
    }

    @Test
    void aValueComesThroughUntouched() {
        ProblemLog problems = new ProblemLog();
        assertThat(LoadBoundary.guard(Path.of("ok.toml"), problems, 0, () -> 7)).isEqualTo(7);
        assertThat(problems.isEmpty()).isTrue();
    }
}
