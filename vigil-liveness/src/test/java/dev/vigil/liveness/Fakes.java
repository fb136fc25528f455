package dev.vigil.liveness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fakes for the watchdog's seams, and a watchdog wired to them. */
final class Fakes {
    private Fakes() {
    }

    static final long MS = 1_000_000L;

    static final class Clock implements NanoClock {
        long now = 1_000 * MS;

        @Override
        public long nanoTime() {
            return now;
        }

        long advance(Duration d) {
            now += d.toNanos();
            return now;
        }
    }

    static final class RecordingHalter implements Halter {
        final List<Integer> statuses = new CopyOnWriteArrayList<>();

        @Override
        public void halt(int status) {
            statuses.add(status);
        }
    }

    static final class RecordingNotifier implements Notifier {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final Optional<Duration> interval;

        RecordingNotifier(Optional<Duration> interval) {
            this.interval = interval;
        }

        @Override
        public void send(String state) {
            sent.add(state);
        }

        @Override
        public Optional<Duration> watchdogInterval() {
            return interval;
        }

        long count(String state) {
            return sent.stream().filter(state::equals).count();
        }
    }

    static final class ScriptedInspector implements ThreadInspector {
        volatile List<String> deadlocked = List.of();
        int deadlockScans;

        @Override
        public List<String> deadlockedThreads() {
            deadlockScans++;
            return deadlocked;
        }

        @Override
        public StackTraceElement[] stackOf(Thread thread) {
            return new StackTraceElement[] {
                new StackTraceElement("com.example.Poller", "readUpstream", "Poller.java", 42),
                new StackTraceElement("com.example.Poller", "run", "Poller.java", 17),
            };
        }
    }

    /** A watchdog over fakes; tests register heartbeats and call its steps with the fake clock. */
    static final class Rig {
        final Clock clock = new Clock();
        final RecordingHalter halter = new RecordingHalter();
        final RecordingNotifier notifier;
        final ScriptedInspector inspector = new ScriptedInspector();
        final ByteArrayOutputStream haltReport = new ByteArrayOutputStream();
        final ConcurrentLinkedQueue<Heartbeat> registrations = new ConcurrentLinkedQueue<>();
        final ReadinessState readiness = new ReadinessState();
        final List<CheckRunner> checks = new ArrayList<>();
        final Watchdog watchdog;

        Rig(StallPolicy policy, Optional<Duration> systemdWatchdog, Duration deadlockInterval, List<CheckRunner> checks) {
            this.notifier = new RecordingNotifier(systemdWatchdog);
            this.checks.addAll(checks);
            checks.forEach(CheckRunner::start);
            WatchdogSettings settings = new WatchdogSettings(clock.now, deadlockInterval.toNanos(), policy, halter,
                    notifier, inspector, new PrintStream(haltReport, true, StandardCharsets.UTF_8), List::of);
            this.watchdog = new Watchdog(settings, registrations, readiness, this.checks);
        }

        Rig(StallPolicy policy) {
            this(policy, Optional.empty(), Duration.ofSeconds(10), List.of());
        }

        Heartbeat heartbeat(String name, Duration budget) {
            Heartbeat hb = new Heartbeat(name, budget, clock.now);
            registrations.add(hb);
            return hb;
        }

        /** A scheduled wake after {@code d}, on time. */
        HealthSnapshot tick(Duration d) {
            return watchdog.onScheduledWake(clock.advance(d), 0);
        }

        String haltReport() {
            return haltReport.toString(StandardCharsets.UTF_8);
        }
    }
}
