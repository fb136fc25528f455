package dev.vigil.liveness.spring;

import dev.vigil.liveness.SchedulingPriority;
import java.net.InetAddress;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code vigil.liveness.*}: how the auto-configured {@link dev.vigil.liveness.Liveness} agent starts.
 *
 * @param port           the agent's own health port (0 any free port, -1 none); default 9848
 * @param bindAddress    the address it listens on; default all interfaces
 * @param samplingPeriod how often the watchdog samples heartbeats; default 250 ms
 * @param nice             if set, the nice value the agent's listener and watchdog threads ask for
 *                         (alone, or as the fallback of {@code realtimePriority})
 * @param realtimePriority if set, {@code SCHED_RR} at this priority (1..99) for those threads
 * @see dev.vigil.liveness.SchedulingPriority
 */
@ConfigurationProperties("vigil.liveness")
public record VigilLivenessProperties(
        @DefaultValue("9848") int port,
        InetAddress bindAddress,
        @DefaultValue("250ms") Duration samplingPeriod,
        Integer nice,
        Integer realtimePriority) {

    /** The scheduling request these properties make. */
    SchedulingPriority schedulingPriority() {
        if (realtimePriority != null) {
            return SchedulingPriority.realtime(SchedulingPriority.RealtimePolicy.RR, realtimePriority, nice == null ? 0 : nice);
        }
        return nice == null ? SchedulingPriority.unchanged() : SchedulingPriority.nice(nice);
    }
}
