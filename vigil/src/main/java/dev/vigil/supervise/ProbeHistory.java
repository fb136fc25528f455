package dev.vigil.supervise;

import dev.vigil.probe.ProbeOutcome;
import java.time.Instant;
import java.util.List;

/**
 * The last {@link #SIZE} judged rounds of one probe, in a fixed ring: memory stays the same
 * whatever the probe's interval or how long the daemon runs. Owned by the supervisor's thread (not
 * thread-safe); {@link #ticks} hands out an immutable copy for the published snapshot.
 */
final class ProbeHistory {
    static final int SIZE = 60;

    private final ProbeTick[] ring = new ProbeTick[SIZE];
    /** Where the next round goes. */
    private int next;
    private int size;

    void add(long seq, Instant at, ProbeOutcome outcome) {
        add(new ProbeTick(seq, at, outcome));
    }

    void add(ProbeTick tick) {
        ring[next] = tick;
        next = (next + 1) % SIZE;
        size = Math.min(size + 1, SIZE);
    }

    /** The kept rounds, oldest first (one copy of the references: the ticks themselves are immutable). */
    List<ProbeTick> ticks() {
        ProbeTick[] out = new ProbeTick[size];
        for (int i = 0; i < size; i++) {
            out[i] = ring[Math.floorMod(next - size + i, SIZE)];
        }
        return List.of(out);
    }
}
