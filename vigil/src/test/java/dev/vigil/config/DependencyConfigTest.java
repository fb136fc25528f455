package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.problems;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code depends_on} and {@code restart_dependents}: what is read, and every class of error with its position. */
class DependencyConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsConditionsInOrderAndRestartDependents() {
        VigilConfig config = valid(write(dir, "v.toml", """
                [services.db]
                command = ["/bin/true"]
                restart_dependents = true

                [services.migrate]
                command = ["/bin/true"]
                restart = "never"

                [services.web]
                command = ["/bin/true"]
                depends_on = { db = "ready", migrate = "completed" }
                """));
        ServiceSpec web = config.service("web").orElseThrow();
        assertThat(web.dependencies().dependsOn()).extracting(Dependency::toString)
                .containsExactly("db: ready", "migrate: completed");
        assertThat(web.dependencies().dependsOn().getFirst().where().line()).isEqualTo(11);
        assertThat(web.dependencies().restartDependents()).isFalse();
        assertThat(config.service("db").orElseThrow().dependencies().restartDependents()).isTrue();
        assertThat(config.service("db").orElseThrow().dependencies().dependsOn()).isEmpty();
    }

    @Test
    void everyConditionWordIsAccepted() {
        VigilConfig config = valid(write(dir, "v.toml", """
                [services.a]
                command = ["/bin/true"]
                restart = "never"
                [services.b]
                command = ["/bin/true"]
                depends_on = { a = "started" }
                [services.c]
                command = ["/bin/true"]
                depends_on = { a = "completed", b = "healthy" }
                [services.d]
                command = ["/bin/true"]
                depends_on = { c = "ready" }
                """));
        assertThat(config.service("c").orElseThrow().dependencies().on("b").orElseThrow().condition())
                .isEqualTo(DependencyCondition.HEALTHY);
        assertThat(config.service("b").orElseThrow().dependencies().on("a").orElseThrow().condition())
                .isEqualTo(DependencyCondition.STARTED);
    }

    @Test
    void unknownServiceIsNamedWithItsPositionAndTheClosestName() {
        List<String> lines = problemLines(dir, """
                [services.db]
                command = ["/bin/true"]

                [services.web]
                command = ["/bin/true"]
                depends_on = { dv = "ready" }
                """);
        assertThat(lines).containsExactly("services.toml:6:16: services.web.depends_on.dv: is not a declared service,"
                + " was \"dv\" (did you mean \"db\"? one of the declared services: db, web)");
    }

    @Test
    void unknownConditionListsTheValidOnes() {
        List<String> lines = problemLines(dir, """
                [services.db]
                command = ["/bin/true"]

                [services.web]
                command = ["/bin/true"]
                depends_on = { db = "reddy" }
                """);
        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:6:21: services.web.depends_on.db: is not a valid choice, was \"reddy\"")
                .contains("did you mean \"ready\"?", "\"started\", \"ready\", \"healthy\", \"completed\"");
    }

    @Test
    void conditionMustBeAString() {
        List<String> lines = problemLines(dir, """
                [services.db]
                command = ["/bin/true"]
                [services.web]
                command = ["/bin/true"]
                depends_on = { db = 1 }
                """);
        assertThat(lines).singleElement().asString().startsWith("services.toml:5:21: services.web.depends_on.db: must be a string");
    }

    @Test
    void dependsOnMustBeATable() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                depends_on = ["db"]
                """);
        assertThat(lines).singleElement().asString().startsWith("services.toml:3:14: services.web.depends_on: must be a table");
    }

    @Test
    void dependingOnItselfIsRefused() {
        List<String> lines = problemLines(dir, """
                [services.web]
                command = ["/bin/true"]
                depends_on = { web = "started" }
                """);
        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:3:22: services.web.depends_on.web: a service cannot depend on itself");
    }

    @Test
    void cycleIsNamedOnceAtTheEntryThatClosesIt() {
        List<String> lines = problemLines(dir, """
                [services.a]
                command = ["/bin/true"]
                depends_on = { b = "started" }

                [services.b]
                command = ["/bin/true"]
                depends_on = { c = "ready" }

                [services.c]
                command = ["/bin/true"]
                depends_on = { a = "healthy" }

                [services.d]
                command = ["/bin/true"]
                depends_on = { a = "ready" }
                """);
        assertThat(lines).containsExactly("services.toml:11:16: services.c.depends_on.a: is a dependency cycle: a -> b -> c -> a,"
                + " was \"a\" (remove one of these depends_on entries: services that wait for each other never start)");
    }

    @Test
    void cycleAcrossFilesNamesTheFileOfTheClosingEntry() {
        write(dir, "10-a.toml", """
                [services.a]
                command = ["/bin/true"]
                depends_on = { b = "started" }
                """);
        write(dir, "20-b.toml", """
                [services.b]
                command = ["/bin/true"]
                depends_on = { a = "started" }
                """);
        List<ConfigProblem> found = problems(dir);
        assertThat(found).singleElement().satisfies(p -> {
            assertThat(p.file().getFileName().toString()).isEqualTo("20-b.toml");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isEqualTo(16);
            assertThat(p.message()).isEqualTo("is a dependency cycle: a -> b -> a");
        });
    }

    @Test
    void completedOfARestartingServiceSaysWhyItNeverHolds() {
        List<String> lines = problemLines(dir, """
                [services.migrate]
                command = ["/bin/true"]

                [services.web]
                command = ["/bin/true"]
                depends_on = { migrate = "completed" }
                """);
        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:6:16: services.web.depends_on.migrate: condition \"completed\" needs a one-shot"
                        + " service, but services.migrate has restart = \"always\"")
                .contains("restart = \"never\" in [services.migrate]");
    }

    @Test
    void restartDependentsMustBeABoolean() {
        List<String> lines = problemLines(dir, """
                [services.db]
                command = ["/bin/true"]
                restart_dependents = "yes"
                """);
        assertThat(lines).singleElement().asString().startsWith("services.toml:3:22: services.db.restart_dependents: must be a boolean");
    }

    @Test
    void longChainIsCheckedWithoutOverflowingTheStack() {
        StringBuilder toml = new StringBuilder();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            toml.append("[services.s").append(i).append("]\ncommand = [\"/bin/true\"]\n");
            toml.append("depends_on = { s").append((i + 1) % n).append(" = \"started\" }\n");
        }
        List<String> lines = problemLines(dir, toml.toString());
        assertThat(lines).singleElement().asString().contains("is a dependency cycle: s0 -> s1 -> s2 -> ")
                .endsWith("s4999 -> s0, was \"s0\" (remove one of these depends_on entries: services that wait for each other never start)");
    }

    @Test
    void specsDifferingOnlyInDependenciesAreTheSameButForThem() {
        VigilConfig config = valid(write(dir, "v.toml", """
                [services.db]
                command = ["/bin/true"]
                [services.web]
                command = ["/bin/true"]
                depends_on = { db = "ready" }
                """));
        ServiceSpec web = config.service("web").orElseThrow();
        ServiceSpec without = web.withDependencies(DependencySpec.NONE);
        assertThat(web).isNotEqualTo(without);
        assertThat(web.sameButDependencies(without)).isTrue();
    }
}
