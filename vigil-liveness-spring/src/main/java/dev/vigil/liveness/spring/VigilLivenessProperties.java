package dev.vigil.liveness.spring;

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
 * @param nice           if set, the nice value the agent's listener and watchdog threads ask for
 */
@ConfigurationProperties("vigil.liveness")
public record VigilLivenessProperties(
        @DefaultValue("9848") int port,
        InetAddress bindAddress,
        @DefaultValue("250ms") Duration samplingPeriod,
        Integer nice) {
}
