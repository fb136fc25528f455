package dev.vigil.liveness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running liveness agent: a health listener on its own port and platform thread, a watchdog
 * on its own platform thread, the heartbeats it checks, and the application's readiness.
 *
 * <pre>{@code
 * Liveness liveness = Liveness.builder().port(9848).start();
 * Heartbeat poll = liveness.heartbeat("poll-loop", Duration.ofSeconds(30));
 * liveness.ready();
 * while (running) { pollOnce(); poll.beat(); }
 * }</pre>
 *
 * <p>All methods are thread-safe. {@link #close()} sends {@code STOPPING=1}, stops both threads
 * and frees the port; it is idempotent.
 */
public final class Liveness implements AutoCloseable {
    private final NanoClock clock;
    private final ConcurrentLinkedQueue<Heartbeat> registrations;
    private final ReadinessState readiness;
    private final List<CheckRunner> checks;
    private final Notifier notifier;
    private final WatchdogLoop loop;
    private final HealthListener listener; // null when the listener is disabled
    private final List<SchedulingOutcome> scheduling = new CopyOnWriteArrayList<>();
    private volatile HealthSnapshot snapshot;
    private volatile HealthResponses responses;
    private volatile boolean closed;

    private Liveness(Builder b) throws IOException {
        this.clock = b.clock;
        this.registrations = new ConcurrentLinkedQueue<>();
        this.readiness = new ReadinessState();
        this.notifier = b.notifier != null ? b.notifier : Notifier.fromEnvironment();
        this.checks = new ArrayList<>();
        b.checks.forEach((name, check) -> checks.add(new CheckRunner(name, check.timeout(), check.check())));
        long period = b.samplingPeriod.toNanos();
        // systemd must hear WATCHDOG=1 every WATCHDOG_USEC; sample often enough to ping at half of it.
        period = notifier.watchdogInterval().map(i -> Math.min(b.samplingPeriod.toNanos(), i.toNanos() / 4)).orElse(period);
        WatchdogSettings settings = new WatchdogSettings(clock.nanoTime(), b.deadlockCheckInterval.toNanos(), b.policy,
                b.halter, notifier, b.inspector, b.haltReport, () -> List.copyOf(scheduling));
        Watchdog watchdog = new Watchdog(settings, registrations, readiness, checks);
        checks.forEach(CheckRunner::start);
        publish(watchdog.evaluate(clock.nanoTime()));
        SchedulingPriority priority = b.priority;
        Runnable raise = () -> scheduling.add(PriorityRaiser.applyToCurrentThread(priority, LinuxScheduler::open));
        this.loop = new WatchdogLoop(watchdog, clock, period, this::publish, raise);
        try {
            this.listener = b.port < 0 ? null : new HealthListener(new InetSocketAddress(b.bindAddress, b.port),
                    () -> responses, b.maxConnections, b.readTimeout.toNanos(), raise);
        } catch (IOException e) {
            checks.forEach(CheckRunner::close);
            notifier.close();
            throw e;
        }
        if (listener != null) {
            listener.start();
        }
        loop.start();
    }

    /** A builder with the defaults: port 9848 on all interfaces, 250 ms sampling, policy REPORT. */
    public static Builder builder() {
        return new Builder();
    }

    private void publish(HealthSnapshot next) {
        responses = HealthResponses.render(next);
        snapshot = next;
    }

    /**
     * Registers a loop to watch. The loop must call {@link Heartbeat#beat()} at least once per
     * {@code budget} while busy, or it is reported stalled within {@code budget} plus one sampling
     * period (plus however late the watchdog thread gets a core).
     *
     * @throws IllegalArgumentException if the budget is not positive
     */
    public Heartbeat heartbeat(String name, Duration budget) {
        Objects.requireNonNull(name, "name");
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("heartbeat '" + name + "': budget must be > 0, was " + budget);
        }
        Heartbeat heartbeat = new Heartbeat(name, budget, clock.nanoTime());
        registrations.add(heartbeat);
        loop.requestRefresh();
        return heartbeat;
    }

    /** Declares the service started and ready: /startupz and /readyz turn 200, systemd hears READY=1. */
    public void ready() {
        readiness.ready();
        loop.requestRefresh();
    }

    /** Declares the service not ready (draining, a dependency lost), with a reason for /readyz. */
    public void notReady(String reason) {
        readiness.notReady(reason);
        loop.requestRefresh();
    }

    /** The port the listener is bound to (useful with port 0), or -1 if the listener is disabled. */
    public int port() {
        return listener != null ? listener.port() : -1;
    }

    /** The watchdog's latest liveness verdict: no stalled heartbeat and no deadlock. */
    public boolean isLive() {
        return snapshot.live();
    }

    /** The watchdog's latest readiness verdict. */
    public boolean isReady() {
        return snapshot.ready();
    }

    /**
     * A copy of the watchdog's latest verdict in full, for metrics and framework integrations. A
     * heartbeat appears in it from the watchdog's first sample after its registration.
     */
    public LivenessStatus status() {
        return LivenessStatus.of(snapshot);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close();
        if (listener != null) {
            listener.close();
        }
        checks.forEach(CheckRunner::close);
        notifier.send("STOPPING=1");
        notifier.close();
    }

    /** Configures and starts a {@link Liveness}. Not thread-safe; use from one thread. */
    public static final class Builder {
        /**
         * 250 ms: red within the budget plus at most a quarter second, for about four snapshot
         * renderings a second on the watchdog thread (a few microseconds each).
         */
        static final Duration DEFAULT_SAMPLING_PERIOD = Duration.ofMillis(250);

        private record NamedCheck(Duration timeout, ReadinessCheck check) {
        }

        private int port = 9848;
        private InetAddress bindAddress;
        private Duration samplingPeriod = DEFAULT_SAMPLING_PERIOD;
        private Duration deadlockCheckInterval = Duration.ofSeconds(10);
        private StallPolicy policy = StallPolicy.REPORT;
        private int maxConnections = 32;
        private Duration readTimeout = Duration.ofSeconds(2);
        private NanoClock clock = NanoClock.system();
        private Halter halter = Halter.runtime(Duration.ofSeconds(5));
        private Notifier notifier; // null: from the environment at start()
        private ThreadInspector inspector = ThreadInspector.jvm();
        private PrintStream haltReport = System.err;
        private SchedulingPriority priority = SchedulingPriority.unchanged();
        private final Map<String, NamedCheck> checks = new LinkedHashMap<>();

        private Builder() {
        }

        /** The listener's TCP port; 0 picks a free one, -1 disables the listener. Default 9848. */
        public Builder port(int port) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("port: must be -1 (disabled), 0 (any) or 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; default all interfaces (a kubelet probes the pod's address). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /**
         * How often the watchdog samples heartbeats; default 250 ms. A silent loop is reported stalled
         * within its budget plus this (the watchdog also wakes when a budget runs out between samples).
         */
        public Builder samplingPeriod(Duration period) {
            this.samplingPeriod = positive("samplingPeriod", period);
            return this;
        }

        /** How often to look for deadlocked threads (a costly JVM-wide scan); default 10 s. */
        public Builder deadlockCheckInterval(Duration interval) {
            this.deadlockCheckInterval = positive("deadlockCheckInterval", interval);
            return this;
        }

        /** What to do on a stall or deadlock; default {@link StallPolicy#REPORT}. */
        public Builder stallPolicy(StallPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "stallPolicy");
            return this;
        }

        /** Connections the listener holds open at once; more are closed on accept. Default 32. */
        public Builder maxConnections(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxConnections: must be >= 1, was " + max);
            }
            this.maxConnections = max;
            return this;
        }

        /** How long a client has to send its request before being dropped; default 2 s. */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive("readTimeout", timeout);
            return this;
        }

        /**
         * The scheduling priority the listener and watchdog threads ask for, so that they answer
         * while the application saturates every core; default {@link SchedulingPriority#unchanged()}.
         * What each thread obtained (or why not) is reported in {@code /health} under {@code threads}.
         */
        public Builder schedulingPriority(SchedulingPriority priority) {
            this.priority = Objects.requireNonNull(priority, "schedulingPriority");
            return this;
        }

        /** Adds a named readiness check run by the watchdog each period, not ready past {@code timeout}. */
        public Builder readinessCheck(String name, Duration timeout, ReadinessCheck check) {
            Objects.requireNonNull(name, "readinessCheck name");
            Objects.requireNonNull(check, "readinessCheck '" + name + "'");
            if (checks.putIfAbsent(name, new NamedCheck(positive("readinessCheck '" + name + "' timeout", timeout), check)) != null) {
                throw new IllegalArgumentException("readinessCheck: name '" + name + "' is already used");
            }
            return this;
        }

        /** The watchdog's clock; default {@link NanoClock#system()}. */
        public Builder clock(NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How {@link StallPolicy#HALT} ends the process; default {@link Halter#runtime} with a 5 s backstop. */
        public Builder halter(Halter halter) {
            this.halter = Objects.requireNonNull(halter, "halter");
            return this;
        }

        /** Where notify-protocol states go; default {@link Notifier#fromEnvironment()}. */
        public Builder notifier(Notifier notifier) {
            this.notifier = Objects.requireNonNull(notifier, "notifier");
            return this;
        }

        /** How threads are inspected for deadlocks and stacks; default {@link ThreadInspector#jvm()}. */
        public Builder threadInspector(ThreadInspector inspector) {
            this.inspector = Objects.requireNonNull(inspector, "threadInspector");
            return this;
        }

        /** Where {@link StallPolicy#HALT} writes its report before halting; default {@code System.err}. */
        public Builder haltReport(PrintStream stream) {
            this.haltReport = Objects.requireNonNull(stream, "haltReport");
            return this;
        }

        /**
         * Starts the watchdog and the listener.
         *
         * @throws UncheckedIOException if the port cannot be bound
         */
        public Liveness start() {
            try {
                return new Liveness(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Duration positive(String field, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(field + ": must be > 0, was " + value);
            }
            return value;
        }
    }
}
