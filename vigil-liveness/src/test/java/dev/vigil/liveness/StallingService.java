package dev.vigil.liveness;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Child-JVM program for {@code HaltIT}: a poll loop that beats, then wedges forever in
 * {@link #wedgedOnUpstream}, under policy HALT. Prints its health port.
 */
public final class StallingService {
    private StallingService() {
    }

    public static void main(String[] args) throws InterruptedException {
        Liveness liveness = Liveness.builder()
                .port(0)
                .bindAddress(java.net.InetAddress.getLoopbackAddress())
                .samplingPeriod(Duration.ofMillis(100))
                .stallPolicy(StallPolicy.HALT)
                .start();
        Heartbeat hb = liveness.heartbeat("poll-loop", Duration.ofMillis(Long.parseLong(args[0])));
        liveness.ready();
        System.out.println("health-port=" + liveness.port());
        Thread loop = Thread.ofPlatform().name("poll-loop").start(() -> {
            for (int i = 0; i < 3; i++) {
                hb.beat();
            }
            wedgedOnUpstream();
        });
        loop.join();
    }

    static void wedgedOnUpstream() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
