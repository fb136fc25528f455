package dev.vigil.liveness;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Child-JVM program for {@code KillTimerIT}: arms the kill timer, says so, then never exits on its own. */
public final class ArmsKillTimer {
    private ArmsKillTimer() {
    }

    public static void main(String[] args) {
        boolean armed = KillTimer.arm(Duration.ofMillis(Long.parseLong(args[0])));
        System.out.println("armed=" + armed);
        while (true) {
            LockSupport.park();
        }
    }
}
