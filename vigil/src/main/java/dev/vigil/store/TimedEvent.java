package dev.vigil.store;

import dev.vigil.event.VigilEvent;
import java.time.Instant;

/** An event and the wall-clock instant it happened, as handed to the store. */
public record TimedEvent(Instant at, VigilEvent event) {
}
