package dev.vigil.config;

import static dev.vigil.config.ConfigFiles.problemLines;
import static dev.vigil.config.ConfigFiles.valid;
import static dev.vigil.config.ConfigFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process controls keys: what valid values become, and the error for each kind of bad value. */
class ControlsConfigTest {

    @TempDir
    Path dir;

    /** A user database with one user, and a daemon running as {@code euid}. */
    private static Accounts accounts(int euid) {
        return new Accounts() {
            @Override
            public Optional<User> user(String nameOrUid) {
                return nameOrUid.equals("app") || nameOrUid.equals("1000")
                        ? Optional.of(new User("app", 1000, 1000, "/home/app")) : Optional.empty();
            }

            @Override
            public Optional<Integer> group(String nameOrGid) {
                return nameOrGid.equals("staff") ? Optional.of(50)
                        : nameOrGid.matches("\\d+") ? Optional.of(Integer.parseInt(nameOrGid)) : Optional.empty();
            }

            @Override
            public int effectiveUid() {
                return euid;
            }

            @Override
            public int effectiveGid() {
                return euid;
            }
        };
    }

    private ProcessControls controls(Accounts accounts, String toml) {
        LoadResult result = new ConfigLoader(ConfigFiles.SEARCH_PATH, accounts).load(write(dir, "services.toml", toml));
        assertThat(result).isInstanceOf(LoadResult.Valid.class);
        return ((LoadResult.Valid) result).config().services().getFirst().processes().getFirst().controls();
    }

    private List<String> errors(Accounts accounts, String toml) {
        LoadResult result = new ConfigLoader(ConfigFiles.SEARCH_PATH, accounts).load(write(dir, "services.toml", toml));
        assertThat(result).isInstanceOf(LoadResult.Invalid.class);
        return ((LoadResult.Invalid) result).problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void everyKeyBecomesItsControl() {
        write(dir, ".env", """
                # comment
                export A=1
                B = "two\\nlines" # c
                C='lit $X'
                D=plain value # comment

                """);
        write(dir, "more.env", "A=override\n");
        ProcessControls c = controls(accounts(0), """
                [services.web]
                command = ["/bin/true"]
                user = "app"
                group = "staff"
                env_file = [".env", "more.env"]
                clear_env = true
                umask = "027"
                stdin = "null"
                rlimits = { nofile = 65536, core = 0, stack = "8MiB", cpu = "unlimited" }
                memory_max = "512MiB"
                cpu_max = "50%"
                """);

        assertThat(c.runAs()).contains(new RunAs(Optional.of(1000), Optional.of(50), Optional.of("app"), Optional.of("/home/app")));
        assertThat(c.fileEnv()).isEqualTo(Map.of("A", "override", "B", "two\nlines", "C", "lit $X", "D", "plain value"));
        assertThat(c.envFiles()).containsExactly(dir.resolve(".env"), dir.resolve("more.env"));
        assertThat(c.clearEnv()).isTrue();
        assertThat(c.umask()).isEqualTo(OptionalInt.of(027));
        assertThat(c.rlimits()).isEqualTo(Map.of(Rlimit.NOFILE, 65536L, Rlimit.CORE, 0L, Rlimit.STACK, 8L << 20,
                Rlimit.CPU, Rlimit.UNLIMITED));
        assertThat(c.memoryMax()).isEqualTo(OptionalLong.of(512L << 20));
        assertThat(c.cpuMaxPercent()).isEqualTo(OptionalInt.of(50));
    }

    @Test
    void noKeysMeansNoControls() {
        assertThat(controls(accounts(0), "[services.web]\ncommand = [\"/bin/true\"]\n")).isEqualTo(ProcessControls.NONE);
    }

    @Test
    void aBadEnvFileLineNamesTheEnvFileAndLineAndWhereItIsReferenced() {
        write(dir, ".env", "A=1\nthis is not dotenv\n");
        List<String> lines = errors(accounts(0), """
                [services.web]
                command = ["/bin/true"]
                env_file = [".env"]
                """);

        assertThat(lines).singleElement().asString()
                .startsWith("services.toml:3:13: services.web.env_file[0]: line 2 of .env (" + dir.resolve(".env") + ":2): "
                        + "expected NAME=value, found no '='");
    }

    @Test
    void aMissingEnvFileAndAnUnclosedQuoteAreBothReported() {
        write(dir, "q.env", "A=\"open\n");
        List<String> lines = errors(accounts(0), """
                [services.web]
                command = ["/bin/true"]
                env_file = ["missing.env", "q.env"]
                """);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("env_file[0]: does not exist");
        assertThat(lines.get(1)).contains("env_file[1]: line 1 of q.env").contains("double quote is not closed");
    }

    @Test
    void aNonRootDaemonAskedForAnotherUserIsAConfigError() {
        List<String> lines = errors(accounts(1234), """
                [services.web]
                command = ["/bin/true"]
                user = "app"
                group = "staff"
                """);

        assertThat(lines).containsExactly(
                "services.toml:3:8: services.web.user: cannot be used: the daemon runs as uid 1234, not root, and may "
                        + "start processes only as itself, was \"app\" (no user key, or run the daemon as root)",
                "services.toml:4:9: services.web.group: cannot be used: the daemon runs as uid 1234, not root, and may "
                        + "start processes only in its own group 1234, was \"staff\" (no group key, or run the daemon as root)");
    }

    @Test
    void aNonRootDaemonMayNameItself() {
        assertThat(controls(accounts(1000), "[services.web]\ncommand = [\"/bin/true\"]\nuser = \"1000\"\n").runAs())
                .contains(new RunAs(Optional.of(1000), Optional.of(1000), Optional.of("app"), Optional.of("/home/app")));
    }

    @Test
    void badValuesOfEachKeyAreRejectedWithWhatIsValid() {
        List<String> lines = errors(accounts(0), """
                [services.web]
                command = ["/bin/true"]
                user = "ghost"
                group = "nogroup-here"
                umask = 27
                stdin = "inherit"
                rlimits = { nofiles = 10, nofile = 0, nice = 41, core = "big" }
                memory_max = "12KiB"
                cpu_max = "0%"
                clear_env = "yes"
                """);

        assertThat(lines).anyMatch(l -> l.startsWith("services.toml:3:8: services.web.user: is not a user on this system, was \"ghost\""))
                .anyMatch(l -> l.startsWith("services.toml:4:9: services.web.group: is not a group on this system"))
                .anyMatch(l -> l.contains("services.web.umask: must be a string (an unquoted 027 would be read as decimal)"))
                .anyMatch(l -> l.contains("services.web.stdin: is not supported"))
                .anyMatch(l -> l.contains("services.web.rlimits.nofiles: is not a resource limit (did you mean nofile?)"))
                .anyMatch(l -> l.contains("services.web.rlimits.nofile: is out of range, was 0 (an integer from 1 to"))
                .anyMatch(l -> l.contains("services.web.rlimits.nice: is out of range, was 41 (an integer from 0 to 40)"))
                .anyMatch(l -> l.contains("services.web.rlimits.core: is not a size, was \"big\""))
                .anyMatch(l -> l.contains("services.web.memory_max: must be at least 1MiB, was \"12KiB\""))
                .anyMatch(l -> l.contains("services.web.cpu_max: is not a percentage from 1% to 10000%, was \"0%\""))
                .anyMatch(l -> l.contains("services.web.clear_env: must be a boolean"));
        assertThat(lines).hasSize(11);
    }

    @Test
    void logRetentionIsADaemonLookBackInDays() {
        LoadResult ok = new ConfigLoader(ConfigFiles.SEARCH_PATH, accounts(0)).load(write(dir, "services.toml", """
                [daemon]
                log_retention = "14d"
                """));
        assertThat(((LoadResult.Valid) ok).config().daemon().logRetention()).contains(java.time.Duration.ofDays(14));

        assertThat(errors(accounts(0), "[daemon]\nlog_retention = \"10m\"\n")).singleElement().asString()
                .startsWith("services.toml:2:17: daemon.log_retention: is out of range, was \"10m\"");
    }
}
