/**
 * Embeddable liveness for JVM services: a health listener on its own platform thread,
 * heartbeats checked by a watchdog, stall policies and the systemd notify protocol.
 *
 * <p>Uses only the JDK. The systemd notify sender and the kill-timer backstop use the FFM API;
 * grant it with {@code --enable-native-access=dev.vigil.liveness} (module path) or
 * {@code --enable-native-access=ALL-UNNAMED} (class path). Without it they degrade to no-ops and
 * warn once.
 */
module dev.vigil.liveness {
    requires java.management;

    exports dev.vigil.liveness;
}
