package dev.vigil.daemon;

import dev.vigil.event.VigilEvent;
import java.time.Instant;

/** Something that receives every event, stamped once with the time it was published. */
interface EventSink {
    void accept(Instant at, VigilEvent event);
}
