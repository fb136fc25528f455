package dev.vigil.daemon;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the daemon gracefully (every service stopped, exit 0: being told to
 * stop is not a failure); SIGHUP reloads the config. Handlers replace the JVM's default, which
 * would run shutdown hooks and exit 143 without waiting for services to stop.
 */
final class DaemonSignals {
    private final Runnable stop;
    private final Runnable reload;

    DaemonSignals(Runnable stop, Runnable reload) {
        this.stop = stop;
        this.reload = reload;
    }

    void install() {
        Signal.handle(new Signal("TERM"), s -> stop.run());
        Signal.handle(new Signal("INT"), s -> stop.run());
        // A reload can take a while (stopping removed services): not on the signal thread.
        Signal.handle(new Signal("HUP"), s -> Thread.ofPlatform().name("vigil-reload").daemon().start(reload));
    }
}
