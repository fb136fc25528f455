package dev.vigil.process;

import static dev.vigil.process.Launches.fixture;
import static dev.vigil.process.Launches.sh;
import static dev.vigil.process.Launches.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.config.UnixSignal;
import dev.vigil.store.VigilStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A "previous daemon" launches real processes and records them in a real vigil.db, then its
 * handles are dropped; the "next daemon" reads the rows back and stops what is left.
 */
class LeftoverProcessesIT {
    private final ProcessInspector inspector = ProcessInspector.system();
    @TempDir
    Path stateDir;
    private Launches previous;
    private final LeftoverProcesses leftovers = new LeftoverProcesses(ProcessInspector.system(), dev.vigil.time.Ticker.system());

    @BeforeEach
    void setUp() {
        previous = new Launches(new NativeProcessLauncher(), stateDir.resolve("logs"));
    }

    @AfterEach
    void tearDown() {
        previous.close();
    }

    private LaunchRecord launchAndRecord(String name, List<String> command, UnixSignal stop, Duration grace) throws Exception {
        var spec = new dev.vigil.config.ProcessSpec(name, command, Map.of(), java.util.Optional.empty(), stop, grace,
                dev.vigil.config.ProcessType.SIMPLE, Duration.ofSeconds(30), java.util.Optional.empty(),
                dev.vigil.config.NotifyAccess.MAIN, false, dev.vigil.config.LogSpec.defaults());
        RunningProcess p = previous.start(spec);
        LaunchRecord record = LaunchRecord.of(new LaunchRequest("svc", spec, Map.of(), stateDir), p);
        try (VigilStore store = VigilStore.open(stateDir)) {
            store.processes().record(record);
        }
        return record;
    }

    private static List<LaunchRecord> rowsOfTheEarlierDaemon(Path stateDir) {
        try (VigilStore store = VigilStore.open(stateDir)) {
            return store.processes().all();
        }
    }

    @Test
    void stopsACooperativeLeftoverWithItsStopSignal() throws Exception {
        LaunchRecord record = launchAndRecord("calm", sh("echo up; exec sleep 1000"), UnixSignal.TERM, Duration.ofSeconds(20));

        List<LeftoverProcesses.Outcome> outcomes = leftovers.stopAll(rowsOfTheEarlierDaemon(stateDir));

        assertThat(outcomes).containsExactly(new LeftoverProcesses.Outcome.Stopped(record, 0));
        assertThat(inspector.isSameProcess(record.pid(), record.startTicks())).isFalse();
    }

    @Test
    void killsALeftoverThatIgnoresItsStopSignalAfterTheGrace() throws Exception {
        LaunchRecord record = launchAndRecord("stubborn", sh("trap '' TERM; echo ready; while :; do sleep 1; done"),
                UnixSignal.TERM, Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(30)).until(() -> inspector.hasEnvironmentEntry(record.pid(),
                NativeProcessLauncher.INSTANCE_VARIABLE, record.instanceToken()));

        List<LeftoverProcesses.Outcome> outcomes = leftovers.stopAll(rowsOfTheEarlierDaemon(stateDir));

        assertThat(outcomes).singleElement().isInstanceOf(LeftoverProcesses.Outcome.Killed.class);
        assertThat(inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE, record.instanceToken())).isEmpty();
    }

    @Test
    void sweepsTheEscapedGrandchildOfALeftover() throws Exception {
        LaunchRecord record = launchAndRecord("forker", fixture("double-fork"), UnixSignal.TERM, Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(60)).until(() -> inspector.processesWithEnvironmentEntry(
                NativeProcessLauncher.INSTANCE_VARIABLE, record.instanceToken()).size() >= 2);

        List<LeftoverProcesses.Outcome> outcomes = leftovers.stopAll(rowsOfTheEarlierDaemon(stateDir));

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o).isInstanceOf(LeftoverProcesses.Outcome.Stopped.class);
            assertThat(o.strays()).isGreaterThanOrEqualTo(1);
        });
        assertThat(inspector.processesWithEnvironmentEntry(NativeProcessLauncher.INSTANCE_VARIABLE, record.instanceToken())).isEmpty();
    }

    @Test
    void neverTouchesAProcessThatMerelyReusesThePidOrLacksTheToken() throws Exception {
        RunningProcess bystander = previous.start(spec("bystander", sh("exec sleep 1000")));
        // An earlier process with the same pid but another start time and its own token.
        LaunchRecord other = new LaunchRecord("svc", "gone", bystander.pid(), bystander.pgid(), bystander.startTicks() - 1,
                "1".repeat(32), bystander.startedAt(), UnixSignal.KILL, Duration.ofMillis(1));
        LaunchRecord wrongToken = new LaunchRecord("svc", "gone", bystander.pid(), bystander.pgid(), bystander.startTicks(),
                "0".repeat(32), bystander.startedAt(), UnixSignal.KILL, Duration.ofMillis(1));

        List<LeftoverProcesses.Outcome> outcomes = leftovers.stopAll(List.of(other, wrongToken));

        assertThat(outcomes).containsExactly(new LeftoverProcesses.Outcome.Gone(other, 0),
                new LeftoverProcesses.Outcome.Gone(wrongToken, 0));
        assertThat(inspector.isSameProcess(bystander.pid(), bystander.startTicks())).isTrue();
        assertThat(bystander.exit().isDone()).isFalse();
    }

    @Test
    void aRecordWhoseProcessHasExitedIsGone() throws Exception {
        LaunchRecord record = launchAndRecord("brief", sh("exit 0"), UnixSignal.TERM, Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !inspector.isSameProcess(record.pid(), record.startTicks()));

        assertThat(leftovers.stopAll(rowsOfTheEarlierDaemon(stateDir)))
                .containsExactly(new LeftoverProcesses.Outcome.Gone(record, 0));
    }
}
