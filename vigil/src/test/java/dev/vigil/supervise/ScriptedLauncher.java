package dev.vigil.supervise;

import dev.vigil.config.UnixSignal;
import dev.vigil.process.ExitStatus;
import dev.vigil.process.LaunchException;
import dev.vigil.process.LaunchRequest;
import dev.vigil.process.LogLine;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.process.RunningProcess;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A launcher whose processes exit when the test says so, or on a signal they do not ignore. */
final class ScriptedLauncher implements ProcessLauncher {
    final List<LaunchRequest> requests = new CopyOnWriteArrayList<>();
    final List<FakeProcess> processes = new CopyOnWriteArrayList<>();
    private final AtomicLong pids = new AtomicLong(1000);
    volatile String failNext;
    /** Runs inside the next launch, once: what a quick process does before the launcher returns. */
    volatile Runnable duringLaunch;
    volatile boolean ignoreStopSignal;
    /** Counted down when a process's killAll starts waiting at its {@link FakeProcess#killGate}. */
    final CountDownLatch killsStarted = new CountDownLatch(1);

    @Override
    public RunningProcess launch(LaunchRequest request) throws LaunchException {
        String fail = failNext;
        if (fail != null) {
            failNext = null;
            throw new LaunchException(fail);
        }
        Runnable during = duringLaunch;
        if (during != null) {
            duringLaunch = null;
            during.run();
        }
        requests.add(request);
        FakeProcess p = new FakeProcess(request, pids.incrementAndGet(), ignoreStopSignal, this);
        processes.add(p);
        return p;
    }

    /** The latest process launched for {@code service}/{@code process}. */
    FakeProcess last(String service, String process) {
        return processes.reversed().stream()
                .filter(p -> p.request.service().equals(service) && p.request.spec().name().equals(process))
                .findFirst().orElseThrow(() -> new AssertionError("never launched " + service + "/" + process));
    }

    long launches(String service) {
        return requests.stream().filter(r -> r.service().equals(service)).count();
    }

    static final class FakeProcess implements RunningProcess {
        final LaunchRequest request;
        final long pid;
        final boolean ignoresStop;
        final List<UnixSignal> signals = new CopyOnWriteArrayList<>();
        volatile int killAlls;
        /** When set, killAll blocks until this opens: a slow sweep. */
        volatile CountDownLatch killGate;
        private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        private final ScriptedLauncher launcher;

        FakeProcess(LaunchRequest request, long pid, boolean ignoresStop, ScriptedLauncher launcher) {
            this.request = request;
            this.pid = pid;
            this.ignoresStop = ignoresStop;
            this.launcher = launcher;
        }

        void exit(int code) {
            exit.complete(new ExitStatus.Exited(code));
        }

        boolean exited() {
            return exit.isDone();
        }

        @Override public long pid() { return pid; }
        @Override public long pgid() { return pid; }
        @Override public Instant startedAt() { return Instant.EPOCH; }
        @Override public long startTicks() { return pid; }
        @Override public CompletableFuture<ExitStatus> exit() { return exit; }
        @Override public List<LogLine> tail(int max) { return List.of(); }

        @Override
        public void signalGroup(UnixSignal signal) {
            signals.add(signal);
            if (!ignoresStop && signal != UnixSignal.CONT) { // SIGCONT resumes, it never ends a process
                exit.complete(new ExitStatus.Signaled(signal.number()));
            }
        }

        @Override
        public void killAll() {
            CountDownLatch gate = killGate;
            if (gate != null) {
                launcher.killsStarted.countDown();
                try {
                    if (!gate.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the kill gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            killAlls++;
            exit.complete(new ExitStatus.Signaled(9));
        }
    }
}
