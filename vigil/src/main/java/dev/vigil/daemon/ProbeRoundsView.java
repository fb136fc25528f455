package dev.vigil.daemon;

import dev.vigil.api.ProbeRound;
import dev.vigil.api.ProbeRounds;
import dev.vigil.api.ProbeRoundsQuery;
import dev.vigil.supervise.ProbeTick;
import dev.vigil.supervise.SupervisorSnapshot;
import dev.vigil.supervise.SupervisorSnapshot.ProbeView;
import dev.vigil.supervise.SupervisorSnapshot.ServiceView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code vigil.probe_rounds} from the published snapshot: the kept rounds after a cursor. */
final class ProbeRoundsView {
    private ProbeRoundsView() {
    }

    static ProbeRounds after(SupervisorSnapshot snapshot, Long after) {
        long newest = 0;
        List<ProbeRound> found = new ArrayList<>();
        for (ServiceView service : snapshot.services()) {
            for (ProbeView probe : service.probes()) {
                List<ProbeTick> ticks = probe.recent();
                if (!ticks.isEmpty()) {
                    newest = Math.max(newest, ticks.getLast().seq());
                }
                if (after == null) {
                    continue;
                }
                // Oldest first in each ring: walk back from the newest while still after the cursor.
                for (int i = ticks.size() - 1; i >= 0 && ticks.get(i).seq() > after; i--) {
                    ProbeTick t = ticks.get(i);
                    found.add(new ProbeRound(t.seq(), service.name(), probe.name(), ApiViews.result(t.outcome(), t.at())));
                }
            }
        }
        if (after == null) {
            return new ProbeRounds(newest, List.of());
        }
        found.sort(Comparator.comparingLong(ProbeRound::seq));
        if (found.size() > ProbeRoundsQuery.MAX) {
            List<ProbeRound> first = found.subList(0, ProbeRoundsQuery.MAX);
            return new ProbeRounds(first.getLast().seq(), first);
        }
        return new ProbeRounds(Math.max(after, newest), found);
    }
}
