package dev.vigil.daemon;

import dev.vigil.event.VigilEvent;
import dev.vigil.time.Ticker;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Stamps each event once and hands it to every sink (the JSON log, the store, the API's
 * followers). A failing sink is logged (one line) and skipped; it never stops the others or the
 * publisher. Events a service's own datagrams cause pass a per-service rate limit first
 * ({@link NotifyEventLimiter}). Thread-safe.
 */
final class EventBus implements Consumer<VigilEvent> {
    private static final System.Logger LOG = System.getLogger(EventBus.class.getName());

    private final Ticker ticker;
    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final NotifyEventLimiter limiter = new NotifyEventLimiter();

    EventBus(Ticker ticker) {
        this.ticker = ticker;
    }

    void subscribe(EventSink sink) {
        sinks.add(sink);
    }

    @Override
    public void accept(VigilEvent event) {
        List<VigilEvent> admitted;
        synchronized (limiter) {
            admitted = limiter.admit(event, ticker.nanoTime());
        }
        for (VigilEvent e : admitted) {
            publish(e);
        }
    }

    private void publish(VigilEvent event) {
        var at = ticker.wallClock();
        for (EventSink sink : sinks) {
            try {
                sink.accept(at, event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "event sink " + sink.getClass().getSimpleName() + " failed on " + event.type()
                        + ": " + e);
            }
        }
    }
}
