package dev.vigil.process;

import static dev.vigil.process.Launches.fixture;
import static dev.vigil.process.Launches.sh;
import static dev.vigil.process.Launches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.UnixSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child processes: sessions, groups, signals, exit statuses, escaped descendants. */
class NativeProcessLauncherIT {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private final ProcessInspector inspector = ProcessInspector.system();
    @TempDir
    Path logs;
    private Launches launches;

    @BeforeEach
    void setUp() {
        launches = new Launches(new NativeProcessLauncher(), logs);
    }

    @AfterEach
    void tearDown() {
        launches.close();
    }

    @Test
    void processLeadsItsOwnSessionAndGroupAndSeesItsEnvironment() throws Exception {
        RunningProcess p = launches.start(spec("web", sh("echo \"$VIGIL_SERVICE $VIGIL_PROCESS $VIGIL_INSTANCE $EXTRA\"; exec sleep 1000")),
                Map.of("EXTRA", "from-request"));

        ProcStat stat = inspector.stat(p.pid()).orElseThrow();
        assertThat(p.pgid()).isEqualTo(p.pid());
        assertThat(stat.pgrp()).isEqualTo(p.pid());
        assertThat(stat.session()).isEqualTo(p.pid());
        assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(p.startTicks()).isEqualTo(stat.startTicks()).isPositive();
        assertThat(inspector.isSameProcess(p.pid(), p.startTicks())).isTrue();
        assertThat(p.instanceToken()).hasValueSatisfying(t -> assertThat(t).matches("[0-9a-f]{32}"));
        await().atMost(LIMIT).until(() -> !p.tail(10).isEmpty());
        assertThat(p.tail(10).getFirst().text()).isEqualTo("svc web " + p.instanceToken().orElseThrow() + " from-request");
        assertThat(p.tail(10).getFirst().stream()).isEqualTo(LogLine.Stream.STDOUT);

        p.signalGroup(UnixSignal.TERM);

        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(15));
        assertThat(inspector.isSameProcess(p.pid(), p.startTicks())).isFalse();
    }

    @Test
    void stopSignalReachesEveryMemberOfTheGroup() throws Exception {
        RunningProcess p = launches.start(spec("group", sh("sleep 1000 & sleep 1000 & echo started; wait")));
        await().atMost(LIMIT).until(() -> p.tail(1).stream().anyMatch(l -> l.text().equals("started")));
        String token = p.instanceToken().orElseThrow();
        assertThat(inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE, token)).hasSize(3);

        p.signalGroup(UnixSignal.TERM);

        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(15));
        await().atMost(LIMIT).until(() -> inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE, token).isEmpty());
    }

    @Test
    void exitCodeAndDeathBySignalAreToldApart() throws Exception {
        RunningProcess exits137 = launches.start(spec("a", sh("exit 137")));
        RunningProcess killed = launches.start(spec("b", sh("kill -KILL $$")));
        RunningProcess terminated = launches.start(spec("c", sh("kill -TERM $$")));
        RunningProcess clean = launches.start(spec("d", sh("exit 0")));

        assertThat(exits137.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(137));
        assertThat(killed.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
        assertThat(terminated.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(15));
        assertThat(clean.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        assertThat(clean.exit().get().clean()).isTrue();
    }

    @Test
    void crashFixtureExitsWithItsCodeOrDiesByItsSignal() throws Exception {
        RunningProcess code = launches.start(spec("code", fixture("crash", "--code", "3")));
        RunningProcess signal = launches.start(spec("signal", fixture("crash", "--signal", "KILL")));

        assertThat(code.exit().get(60, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(3));
        assertThat(signal.exit().get(60, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
        // The line printed before the crash is captured before exit() completes.
        assertThat(code.tail(10)).extracting(LogLine::text).anyMatch(t -> t.startsWith("crash pid "));
    }

    @Test
    void termIgnoringProcessSurvivesTheStopSignalAndDiesByKillAll() throws Exception {
        RunningProcess p = launches.start(spec("stubborn", fixture("ignore-term")));
        await().atMost(Duration.ofSeconds(60)).until(() -> p.tail(10).stream().anyMatch(l -> l.text().equals("ready")));

        p.signalGroup(UnixSignal.TERM);

        // The grace: the process must still be there once it has handled the TERM.
        await().atMost(LIMIT).until(() -> p.tail(10).stream().anyMatch(l -> l.text().equals("ignoring SIGTERM")));
        assertThatThrownBy(() -> p.exit().get(500, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(inspector.isSameProcess(p.pid(), p.startTicks())).isTrue();

        p.killAll();

        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
    }

    @Test
    void killAllLeavesNothingOfADoubleForkingProcess() throws Exception {
        RunningProcess p = launches.start(spec("forker", fixture("double-fork")));
        long grandchild = awaitGrandchild(p);
        ProcStat escaped = inspector.stat(grandchild).orElseThrow();
        assertThat(escaped.session()).isNotEqualTo(p.pid());
        assertThat(escaped.pgrp()).isNotEqualTo(p.pgid());

        p.killAll();

        assertThat(p.exit().get(30, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Signaled(9));
        assertThat(inspector.stat(grandchild).filter(s -> !s.exited())).isEmpty();
        assertThat(inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE,
                p.instanceToken().orElseThrow())).isEmpty();
    }

    @Test
    void exitCompletesWhenAnEscapedDescendantKeepsTheOutputOpen() throws Exception {
        RunningProcess p = launches.start(spec("daemonizer", fixture("double-fork", "--exit")));

        assertThat(p.exit().get(60, TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(0));
        long grandchild = awaitGrandchild(p);
        assertThat(inspector.stat(grandchild).filter(s -> !s.exited())).isPresent();

        p.killAll();

        assertThat(inspector.stat(grandchild).filter(s -> !s.exited())).isEmpty();
    }

    @Test
    void signallingAGroupThatHasGoneIsANoOp() throws Exception {
        RunningProcess p = launches.start(spec("short", sh("exit 0")));
        p.exit().get(30, TimeUnit.SECONDS);

        p.signalGroup(UnixSignal.TERM);
        p.killAll();
        p.killAll();

        assertThat(p.exit().get()).isEqualTo(new ExitStatus.Exited(0));
    }

    @Test
    void aMissingCommandOrWorkingDirectoryIsALaunchException() {
        assertThatThrownBy(() -> launches.start(spec("ghost", List.of("no-such-command-vigil"))))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("service svc process ghost")
                .hasMessageContaining("'no-such-command-vigil' not found on PATH");
        var badCwd = new dev.vigil.config.ProcessSpec("lost", List.of("/bin/true"), Map.of(),
                java.util.Optional.of(logs.resolve("missing")), UnixSignal.TERM, Duration.ofSeconds(1),
                dev.vigil.config.ProcessType.SIMPLE, Duration.ofSeconds(1), java.util.Optional.empty(),
                dev.vigil.config.NotifyAccess.MAIN, false, dev.vigil.config.LogSpec.defaults());
        assertThatThrownBy(() -> launches.start(badCwd))
                .isInstanceOf(LaunchException.class)
                .hasMessageContaining("working directory " + logs.resolve("missing"));
    }

    private long awaitGrandchild(RunningProcess p) {
        await().atMost(Duration.ofSeconds(60)).until(() -> p.tail(10).stream().anyMatch(l -> l.text().startsWith("grandchild ")));
        return p.tail(10).stream().filter(l -> l.text().startsWith("grandchild ")).map(l -> Long.parseLong(l.text().substring(11)))
                .findFirst().orElseThrow();
    }
}
