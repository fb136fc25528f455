package dev.vigil.process;

import static dev.vigil.process.Launches.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProcessControls;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.Rlimit;
import dev.vigil.config.RunAs;
import dev.vigil.config.UnixSignal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** user/group, env files, clear_env, umask and rlimits applied to real processes, read back from /proc. */
class ProcessControlsIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String READY = "echo ready; exec sleep 1000";
    @TempDir
    Path logs;
    @TempDir
    Path work;
    private Launches launches;

    @BeforeEach
    void setUp() {
        launches = new Launches(new NativeProcessLauncher(Map.of("PATH", "/usr/bin:/bin", "DAEMON_ONLY", "yes"),
                dev.vigil.time.Ticker.system(), Duration.ofSeconds(2), ProcessInspector.system()), logs);
    }

    @AfterEach
    void tearDown() {
        launches.close();
    }

    @Test
    void runsAsNobodyWithItsGroupsAndHome() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs a root daemon to switch users (CI runs as root)");
        RunningProcess p = started(controls(new RunAs(Optional.of(65534), Optional.of(65534), Optional.of("nobody"),
                Optional.of("/nonexistent")), Map.of(), false, OptionalInt.empty(), Map.of()), READY);

        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        assertThat(field(status, "Uid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(field(status, "Gid")).isEqualTo("65534\t65534\t65534\t65534");
        assertThat(field(status, "Groups")).doesNotContain("0").isEqualTo("65534");
        assertThat(environ(p)).contains("HOME=/nonexistent", "USER=nobody", "LOGNAME=nobody");
        // The log is written by the daemon, so it stays the daemon's file.
        assertThat(Files.getOwner(logs.resolve("p.log")).getName()).isEqualTo("root");
    }

    @Test
    void groupAloneKeepsTheUserAndClearsSupplementaryGroups() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs a root daemon to switch groups (CI runs as root)");
        RunningProcess p = started(controls(new RunAs(Optional.empty(), Optional.of(65534), Optional.empty(), Optional.empty()),
                Map.of(), false, OptionalInt.empty(), Map.of()), READY);

        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        assertThat(field(status, "Uid")).startsWith("0\t");
        assertThat(field(status, "Gid")).startsWith("65534\t");
        assertThat(field(status, "Groups")).isEmpty();
    }

    @Test
    void envFileValuesAndClearEnvShapeTheEnvironment() throws Exception {
        RunningProcess p = started(controls(Optional.empty(), Map.of("FROM_FILE", "a b", "OVERRIDDEN", "file"), true,
                OptionalInt.empty(), Map.of()), Map.of("OVERRIDDEN", "env"), READY);

        List<String> env = environ(p);
        assertThat(env).contains("FROM_FILE=a b", "OVERRIDDEN=env", "PATH=/usr/bin:/bin", "VIGIL_SERVICE=svc")
                .noneMatch(v -> v.startsWith("DAEMON_ONLY="));
    }

    @Test
    void withoutClearEnvTheDaemonsEnvironmentIsInherited() throws Exception {
        RunningProcess p = started(ProcessControls.NONE, READY);

        assertThat(environ(p)).contains("DAEMON_ONLY=yes");
    }

    @Test
    void umaskAppliesToFilesTheProcessCreates() throws Exception {
        Path file = work.resolve("created");
        RunningProcess p = started(controls(Optional.empty(), Map.of(), false, OptionalInt.of(0027), Map.of()),
                "touch '" + file + "'; " + READY);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(field(Files.readString(Path.of("/proc/" + p.pid() + "/status")), "Umask")).isEqualTo("0027");
    }

    @Test
    void rlimitsAreSetBeforeTheProgramRuns() throws Exception {
        RunningProcess p = started(controls(Optional.empty(), Map.of(), false, OptionalInt.empty(),
                Map.of(Rlimit.NOFILE, 4096L, Rlimit.CORE, 0L, Rlimit.CPU, Rlimit.UNLIMITED)),
                "echo \"nofile=$(ulimit -n)\"; " + READY);

        List<String> limits = Files.readAllLines(Path.of("/proc/" + p.pid() + "/limits"));
        assertThat(limits).anySatisfy(l -> assertThat(l).matches("Max open files\\s+4096\\s+4096\\s+files\\s*"));
        assertThat(limits).anySatisfy(l -> assertThat(l).matches("Max core file size\\s+0\\s+0\\s+bytes\\s*"));
        assertThat(limits).anySatisfy(l -> assertThat(l).matches("Max cpu time\\s+unlimited\\s+unlimited\\s+seconds\\s*"));
        // The shell saw the limit too: it was in place before the program's first instruction.
        assertThat(p.tail(10).stream().map(LogLine::text)).contains("nofile=4096");
    }

    @Test
    void allControlsTogetherChainTheHelpersInOrder() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs a root daemon to switch users (CI runs as root)");
        // Setting a hard limit must happen before setpriv drops to nobody (raising one needs
        // CAP_SYS_RESOURCE, which this test cannot count on, so it lowers it).
        RunningProcess p = started(controls(new RunAs(Optional.of(65534), Optional.of(65534), Optional.of("nobody"),
                Optional.of("/nonexistent")), Map.of("X", "1"), true, OptionalInt.of(077),
                Map.of(Rlimit.NOFILE, 2048L)), READY);

        String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
        assertThat(field(status, "Uid")).startsWith("65534\t");
        assertThat(field(status, "Umask")).isEqualTo("0077");
        assertThat(Files.readAllLines(Path.of("/proc/" + p.pid() + "/limits")))
                .anySatisfy(l -> assertThat(l).matches("Max open files\\s+2048\\s+2048\\s+files\\s*"));
        assertThat(environ(p)).contains("X=1");
    }

    @Test
    void aLimitTheKernelRefusesFailsTheStartWithTheReasonInTheLog() throws Exception {
        // Above fs.nr_open setrlimit fails even for root: the helper exits 1 before the program runs.
        ProcessSpec spec = new ProcessSpec("p", sh(READY), Map.of(), Optional.of(work), UnixSignal.TERM, Duration.ofSeconds(10),
                ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, LogSpec.defaults(),
                controls(Optional.empty(), Map.of(), false, OptionalInt.empty(), Map.of(Rlimit.NOFILE, 1L << 31)));
        RunningProcess p = launches.start(spec);

        assertThat(p.exit().get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(1));
        assertThat(p.tail(10).stream().map(LogLine::text)).anyMatch(l -> l.contains("prlimit") && l.contains("NOFILE"))
                .noneMatch(l -> l.equals("ready"));
    }

    @Test
    void aMissingHelperIsALaunchErrorNamingIt() {
        ExecHelpers none = new ExecHelpers(Optional.empty(), Optional.empty(), Optional.empty());
        ProcessControls limits = controls(Optional.empty(), Map.of(), false, OptionalInt.empty(), Map.of(Rlimit.CORE, 0L));

        assertThatThrownBy(() -> none.wrap(Path.of("/bin/true"), List.of("/bin/true"), limits, Optional.empty()))
                .isInstanceOf(LaunchException.class).hasMessageContaining("prlimit (util-linux)");
    }

    private RunningProcess started(ProcessControls controls, String script) throws Exception {
        return started(controls, Map.of(), script);
    }

    private RunningProcess started(ProcessControls controls, Map<String, String> env, String script) throws Exception {
        ProcessSpec spec = new ProcessSpec("p", sh(script), env, Optional.of(work), UnixSignal.TERM, Duration.ofSeconds(10),
                ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(), NotifyAccess.MAIN, false, LogSpec.defaults(),
                controls);
        RunningProcess p = launches.start(spec);
        // "ready" is printed by the program itself, so every helper has exec'd into it by then.
        await().atMost(LIMIT).until(() -> p.tail(10).stream().anyMatch(l -> l.text().equals("ready")));
        return p;
    }

    private static ProcessControls controls(RunAs runAs, Map<String, String> fileEnv, boolean clearEnv, OptionalInt umask,
            Map<Rlimit, Long> rlimits) {
        return controls(Optional.of(runAs), fileEnv, clearEnv, umask, rlimits);
    }

    private static ProcessControls controls(Optional<RunAs> runAs, Map<String, String> fileEnv, boolean clearEnv,
            OptionalInt umask, Map<Rlimit, Long> rlimits) {
        return new ProcessControls(runAs, List.of(), fileEnv, clearEnv, umask, rlimits, OptionalLong.empty(), OptionalInt.empty());
    }

    private static String field(String status, String name) {
        return status.lines().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow()
                .substring(name.length() + 1).strip();
    }

    private static List<String> environ(RunningProcess p) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ"));
        return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }
}
