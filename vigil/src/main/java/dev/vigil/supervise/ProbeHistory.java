package dev.vigil.supervise;

import dev.vigil.probe.ProbeOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@link #SIZE} judged rounds of one probe, in a fixed ring: memory stays the same
 * whatever the probe's interval or how long the daemon runs. Owned by the supervisor's thread (not
 * thread-safe); {@link #ticks} hands out an immutable copy for the published snapshot.
 */
final class ProbeHistory {
    static final int SIZE = 60;

    private final long[] seqs = new long[SIZE];
    private final Instant[] ats = new Instant[SIZE];
    private final ProbeOutcome[] outcomes = new ProbeOutcome[SIZE];
    /** Where the next round goes. */
    private int next;
    private int size;

    void add(long seq, Instant at, ProbeOutcome outcome) {
        seqs[next] = seq;
        ats[next] = at;
        outcomes[next] = outcome;
        next = (next + 1) % SIZE;
        size = Math.min(size + 1, SIZE);
    }

    /** The kept rounds, oldest first. */
    List<ProbeTick> ticks() {
        List<ProbeTick> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int at = Math.floorMod(next - size + i, SIZE);
            out.add(new ProbeTick(seqs[at], ats[at], outcomes[at]));
        }
        return List.copyOf(out);
    }
}
