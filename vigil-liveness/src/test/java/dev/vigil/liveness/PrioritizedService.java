package dev.vigil.liveness;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Child-JVM program for {@code SchedulingPriorityIT}: an agent asking for {@code nice(args[0])},
 * run as an unprivileged user. Prints its health port, then lives until its stdin closes.
 */
public final class PrioritizedService {
    private PrioritizedService() {
    }

    public static void main(String[] args) throws IOException {
        try (Liveness liveness = Liveness.builder().port(0).bindAddress(InetAddress.getLoopbackAddress())
                .samplingPeriod(Duration.ofMillis(100)).notifier(Notifier.none())
                .schedulingPriority(SchedulingPriority.nice(Integer.parseInt(args[0]))).start()) {
            System.out.println("health-port=" + liveness.port());
            System.in.read(); // the test closes our stdin, or kills us
        }
    }
}
