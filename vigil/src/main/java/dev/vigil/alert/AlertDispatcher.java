package dev.vigil.alert;

import dev.vigil.config.AlertTarget;
import dev.vigil.config.AlertTransport;
import dev.vigil.config.WebhookFormat;
import dev.vigil.event.VigilEvent;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Alert notifications for the daemon ({@code [[notify]]}; unrelated to the sd_notify protocol of
 * {@code dev.vigil.notify}). The publisher's thread only hands each event to the dispatcher's own
 * thread, which updates the alert books, stores notices in the outbox and hands them to the
 * per-target couriers; the same thread fires grouped alerts and reminders on a timer.
 *
 * <p>From {@code daemon_stopping} on, events are ignored: services stopped by a daemon shutdown do
 * not resolve their alerts, which stay open in the outbox and pair with the recovery after restart.
 */
public final class AlertDispatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AlertDispatcher.class.getName());

    /** Notices waiting per target before the oldest is dropped. */
    static final int QUEUE_CAPACITY = 256;
    /** Alertmanager forgets an alert not re-sent within its resolve_timeout (5m by default). */
    static final Duration ALERTMANAGER_RESEND = Duration.ofMinutes(1);
    private static final Duration TICK = Duration.ofMillis(200);

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Supplier<Instant> clock;
    private final ScheduledExecutorService timer;
    private final AlertOutbox outbox;
    private boolean stopping;

    /** A target's book, courier and transport (the transport is also used directly by {@link #test}). */
    private record Target(AlertTarget spec, AlertBook book, Courier courier, Transport transport) {}

    /** What {@code vigil notify test} reports per target. */
    public record TestOutcome(String target, String transport, boolean ok, String detail) {}

    /** @param outbox where notices and open alerts survive a restart; null to keep them in memory only */
    AlertDispatcher(List<AlertTarget> specs, Supplier<Instant> clock, AlertCounter counter, RetryPolicy retry,
                    String setsid, AlertOutbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
        String generatorBase = "vigil://" + hostname();
        for (AlertTarget spec : specs) {
            Transport transport = switch (spec.transport()) {
                case AlertTransport.Exec exec -> new ExecHook(spec.name(), exec.command(), spec.timeout(), setsid,
                        Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
                case AlertTransport.Webhook hook -> new WebhookPost(hook, spec.timeout(),
                        HttpClient.newBuilder().connectTimeout(spec.timeout())
                                .followRedirects(HttpClient.Redirect.NEVER).build(), generatorBase);
            };
            Optional<Duration> repeat = spec.repeat();
            if (spec.transport() instanceof AlertTransport.Webhook w && w.format() == WebhookFormat.ALERTMANAGER) {
                repeat = Optional.of(repeat.filter(r -> r.compareTo(ALERTMANAGER_RESEND) < 0).orElse(ALERTMANAGER_RESEND));
            }
            Courier courier = new Courier(spec.name(), transport,
                    transport instanceof WebhookPost ? retry : RetryPolicy.NONE, QUEUE_CAPACITY, counter, this::delivered);
            AlertBook book = new AlertBook(spec, repeat);
            targets.put(spec.name(), new Target(spec, book, courier, transport));
            restore(spec.name(), book, courier);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("vigil-alert-timer").unstarted(r));
        if (!targets.isEmpty()) {
            timer.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The daemon's dispatcher: {@code ticker}'s wall clock, webhook retries 1s, 2s, 4s, 8s (5 attempts), setsid from
     * util-linux, the outbox in the daemon's SQLite file {@code dbFile}.
     */
    public static AlertDispatcher start(List<AlertTarget> targets, AlertCounter counter, Path dbFile,
            dev.vigil.time.Ticker ticker) {
        AlertOutbox outbox = null;
        if (!targets.isEmpty()) {
            try {
                outbox = AlertOutbox.open(dbFile);
            } catch (java.sql.SQLException e) {
                LOG.log(Level.ERROR, "alert outbox unavailable (" + e.getMessage()
                        + "); notifications are kept in memory only and do not survive a restart");
            }
        }
        return new AlertDispatcher(targets, ticker::wallClock, counter, RetryPolicy.DEFAULT, setsid(), outbox);
    }

    /** Every event of the bus; never blocks: the work is done on the dispatcher's thread. */
    public void accept(Instant at, VigilEvent event) {
        if (targets.isEmpty()) {
            return;
        }
        try {
            timer.execute(() -> observe(at, event));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closed: the daemon is on its way out.
        }
    }

    private void observe(Instant at, VigilEvent event) {
        if ("daemon_stopping".equals(event.type()) && event.service() == null) {
            stopping = true;
        }
        if (stopping) {
            return;
        }
        for (Target t : targets.values()) {
            publish(t, t.book().observe(at, event));
        }
    }

    private void tick() {
        try {
            Instant now = clock.get();
            for (Target t : targets.values()) {
                publish(t, t.book().due(now));
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; keep the timer alive.
            LOG.log(Level.ERROR, "alert timer failed", e);
        }
    }

    /** Stores each notice (and the alert's open/closed state) before handing it to the courier. */
    private void publish(Target t, List<AlertNotice> notices) {
        for (AlertNotice n : notices) {
            long id = 0;
            if (outbox != null) {
                try {
                    outbox.track(n);
                    id = outbox.add(n);
                } catch (java.sql.SQLException e) {
                    LOG.log(Level.WARNING, "alert outbox: cannot store a notice for " + t.spec().name() + ": " + e.getMessage());
                }
            }
            t.courier().offer(new Courier.Outgoing(id, n));
        }
    }

    private void delivered(Courier.Delivered d) {
        if (outbox == null || d.outgoing().id() == 0) {
            return;
        }
        try {
            outbox.remove(d.outgoing().id());
        } catch (java.sql.SQLException e) {
            LOG.log(Level.WARNING, "alert outbox: cannot remove a delivered notice: " + e.getMessage());
        }
    }

    /** Open alerts back into the book, undelivered notices back into the queue. */
    private void restore(String target, AlertBook book, Courier courier) {
        if (outbox == null) {
            return;
        }
        try {
            Instant now = clock.get();
            outbox.open(target).forEach(n -> book.restore(n, now));
            outbox.pending(target).forEach(s -> courier.offer(new Courier.Outgoing(s.id(), s.notice())));
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "alert outbox: cannot restore " + target + ": " + e.getMessage());
        }
    }

    /**
     * Sends a test notice through each target (or only {@code name}) right now, on the caller's
     * thread, bypassing books and queues; takes at most the targets' timeouts.
     *
     * @throws IllegalArgumentException when {@code name} is not a target
     */
    public List<TestOutcome> test(Optional<String> name) {
        if (name.isPresent() && !targets.containsKey(name.get())) {
            throw new IllegalArgumentException("no [[notify]] target named " + name.get()
                    + (targets.isEmpty() ? " (none configured)" : " (targets: " + String.join(", ", targets.keySet()) + ")"));
        }
        List<TestOutcome> out = new ArrayList<>();
        for (Target t : targets.values()) {
            if (name.isPresent() && !name.get().equals(t.spec().name())) {
                continue;
            }
            DeliveryResult r = t.transport().send(t.book().testNotice(clock.get()));
            String kind = t.spec().transport() instanceof AlertTransport.Webhook w ? "webhook:" + w.format().label() : "exec";
            out.add(new TestOutcome(t.spec().name(), kind, r.ok(), r.detail()));
        }
        return out;
    }

    public List<String> targetNames() {
        return List.copyOf(targets.keySet());
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        targets.values().forEach(t -> t.courier().close());
        if (outbox != null) {
            try {
                outbox.close();
            } catch (java.sql.SQLException e) {
                LOG.log(Level.WARNING, "alert outbox: close failed: " + e.getMessage());
            }
        }
    }

    static String setsid() {
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "setsid");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return "/usr/bin/setsid";
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (java.io.IOException | RuntimeException e) {
            return "localhost";
        }
    }
}
