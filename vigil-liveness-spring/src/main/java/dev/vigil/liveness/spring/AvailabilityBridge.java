package dev.vigil.liveness.spring;

import dev.vigil.liveness.Liveness;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Carries state both ways between the agent and Spring's {@code ApplicationAvailability}:
 * <ul>
 * <li>the agent's liveness (heartbeats, deadlocks) becomes {@link LivenessState#BROKEN} or
 *     {@link LivenessState#CORRECT}, so Actuator's {@code livenessState} indicator and its
 *     {@code liveness} group follow the heartbeats;</li>
 * <li>Spring's readiness ({@link ReadinessState#ACCEPTING_TRAFFIC} once the application has
 *     started, {@link ReadinessState#REFUSING_TRAFFIC} when it is draining) becomes the agent's
 *     {@code ready()} / {@code notReady(reason)}, so its {@code /readyz} and the supervisor's
 *     {@code READY=1} wait for Spring.</li>
 * </ul>
 * Liveness is polled on a thread of its own, never on the agent's watchdog thread: Spring's event
 * listeners are application code and may block.
 */
final class AvailabilityBridge implements ApplicationListener<AvailabilityChangeEvent<?>>, SmartLifecycle {
    private final Liveness liveness;
    private final ApplicationEventPublisher publisher;
    private final long periodNanos;
    private volatile boolean running;
    private Thread poller;

    AvailabilityBridge(Liveness liveness, ApplicationEventPublisher publisher, Duration period) {
        this.liveness = liveness;
        this.publisher = publisher;
        this.periodNanos = period.toNanos();
    }

    @Override
    public void onApplicationEvent(AvailabilityChangeEvent<?> event) {
        if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            liveness.ready();
        } else if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            liveness.notReady("application refusing traffic");
        }
    }

    @Override
    public void start() {
        running = true;
        poller = Thread.ofPlatform().daemon().name("vigil-liveness-spring").start(this::poll);
    }

    private void poll() {
        boolean published = true; // Spring starts CORRECT
        while (running) {
            boolean live = liveness.isLive();
            if (live != published) {
                published = live;
                AvailabilityChangeEvent.publish(publisher, this, live ? LivenessState.CORRECT : LivenessState.BROKEN);
            }
            LockSupport.parkNanos(this, periodNanos);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (poller != null) {
            LockSupport.unpark(poller);
            try {
                poller.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
