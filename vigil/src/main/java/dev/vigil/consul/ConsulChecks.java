package dev.vigil.consul;

/**
 * The IDs of the Consul checks Vigil makes: one definition for {@code vigil export consul}, which
 * writes them into service definitions, and the daemon's TTL updater, which passes and fails them.
 */
public final class ConsulChecks {

    private ConsulChecks() {
    }

    /** The TTL check of a process's sd_notify watchdog: {@code vigil:SERVICE:PROCESS:watchdog}. */
    public static String watchdogId(String service, String process) {
        return "vigil:" + service + ":" + process + ":watchdog";
    }
}
