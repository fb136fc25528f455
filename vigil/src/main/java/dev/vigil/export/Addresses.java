package dev.vigil.export;

import java.util.Locale;

/** Host names as Vigil probes them (on its own machine) versus as a cluster probes them. */
final class Addresses {
    private Addresses() {
    }

    /**
     * True for 127.0.0.0/8, ::1 and localhost: on one machine they reach the service; from a
     * kubelet or a Nomad agent they would reach the prober's own host, so the export uses the
     * instance's address instead.
     */
    static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1") || h.startsWith("127.");
    }
}
