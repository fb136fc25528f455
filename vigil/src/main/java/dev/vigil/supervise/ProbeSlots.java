package dev.vigil.supervise;

import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.probe.ProbeReport;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The probe slots of one service: an immutable map by name, in declaration order, that also keeps
 * a few counts over its slots ({@link Tally}) up to date as slots are replaced.
 *
 * <p>Why not a plain map: a service may have hundreds of probes, and every probe report replaces
 * one slot and then asks questions about all of them (is any failing, have the startup probes
 * passed, is any paused, have the readiness probes passed). Copying a {@code LinkedHashMap} and
 * rescanning every slot made each report cost O(probes) hash-map work. Here the names and their
 * positions are shared by every version ({@link #with} copies one array of references), and the
 * questions read a count in O(1); what the rules need in detail (which probes fail) they still
 * scan, but only when a count says there is something to find.
 *
 * <p>Immutable and safe to share; every mutator of {@link Map} throws.
 */
final class ProbeSlots extends AbstractMap<String, ProbeSlot> {

    /** Counts kept over the slots; each is the number of slots for which {@link #holds} is true. */
    enum Tally {
        /** Running, and a readiness or liveness probe whose debounced verdict is red. */
        FAILING,
        /** A liveness probe that is {@link #FAILING}. */
        LIVENESS_FAILING,
        /** A readiness probe that is {@link #FAILING}. */
        READINESS_FAILING,
        /** A running liveness probe whose latest round counted at least one consecutive failure. */
        LIVENESS_COUNTING_FAILURES,
        /** A startup probe that has not passed for the current instance. */
        STARTUP_PENDING,
        /** A service-wide readiness or liveness probe that is not running. */
        SERVICE_WIDE_PAUSED,
        /** A readiness probe that is not running, or whose latest round did not pass. */
        READINESS_NOT_PASSED,
        /** A running probe. */
        ACTIVE;

        boolean holds(ProbeSlot slot) {
            ProbeRole role = slot.role();
            return switch (this) {
                case FAILING -> role != ProbeRole.STARTUP && slot.failing();
                case LIVENESS_FAILING -> role == ProbeRole.LIVENESS && slot.failing();
                case READINESS_FAILING -> role == ProbeRole.READINESS && slot.failing();
                case LIVENESS_COUNTING_FAILURES -> role == ProbeRole.LIVENESS && slot.active()
                        && slot.last().isPresent() && slot.last().get().consecutiveFailures() > 0;
                case STARTUP_PENDING -> role == ProbeRole.STARTUP && !slot.passed();
                case SERVICE_WIDE_PAUSED -> role != ProbeRole.STARTUP && !slot.active()
                        && slot.spec().process().isEmpty();
                case READINESS_NOT_PASSED -> role == ProbeRole.READINESS && !passedReadiness(slot);
                case ACTIVE -> slot.active();
            };
        }

        private static boolean passedReadiness(ProbeSlot slot) {
            if (!slot.active() || slot.last().isEmpty()) {
                return false;
            }
            ProbeReport last = slot.last().get();
            return !last.failing() && last.consecutiveSuccesses() > 0;
        }
    }

    private static final Tally[] TALLIES = Tally.values();

    /** Names in declaration order and their positions: shared by every version of one service's slots. */
    private final String[] names;
    private final Map<String, Integer> positions;
    private final ProbeSlot[] slots;
    /** By {@link Tally#ordinal}. */
    private final int[] counts;

    private ProbeSlots(String[] names, Map<String, Integer> positions, ProbeSlot[] slots, int[] counts) {
        this.names = names;
        this.positions = positions;
        this.slots = slots;
        this.counts = counts;
    }

    /** Fresh slots for {@code probes}, in their order. */
    static ProbeSlots initial(List<ProbeSpec> probes) {
        ProbeSlot[] slots = new ProbeSlot[probes.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = ProbeSlot.initial(probes.get(i));
        }
        return of(slots);
    }

    private static ProbeSlots of(ProbeSlot[] slots) {
        String[] names = new String[slots.length];
        Map<String, Integer> positions = new HashMap<>();
        int[] counts = new int[TALLIES.length];
        for (int i = 0; i < slots.length; i++) {
            names[i] = slots[i].name();
            if (positions.put(names[i], i) != null) {
                throw new IllegalArgumentException("two probes named " + names[i]);
            }
            count(counts, slots[i], 1);
        }
        return new ProbeSlots(names, positions, slots, counts);
    }

    private static void count(int[] counts, ProbeSlot slot, int delta) {
        for (Tally t : TALLIES) {
            if (t.holds(slot)) {
                counts[t.ordinal()] += delta;
            }
        }
    }

    /** These slots with {@code slot} in place of the one of the same name, which must exist. */
    ProbeSlots with(ProbeSlot slot) {
        Integer at = positions.get(slot.name());
        if (at == null) {
            throw new IllegalArgumentException("no probe named " + slot.name());
        }
        ProbeSlot old = slots[at];
        if (old == slot) {
            return this;
        }
        ProbeSlot[] next = slots.clone();
        next[at] = slot;
        int[] nextCounts = counts.clone();
        count(nextCounts, old, -1);
        count(nextCounts, slot, 1);
        return new ProbeSlots(names, positions, next, nextCounts);
    }

    /** How many slots {@code tally} holds for. */
    int count(Tally tally) {
        return counts[tally.ordinal()];
    }

    /** True when {@code tally} holds for at least one slot. */
    boolean any(Tally tally) {
        return counts[tally.ordinal()] > 0;
    }

    /** The slot at {@code index} in declaration order. */
    ProbeSlot at(int index) {
        return slots[index];
    }

    /** The position of {@code name} in declaration order, -1 when there is no such probe. */
    int indexOf(String name) {
        Integer at = positions.get(name);
        return at == null ? -1 : at;
    }

    /** True when {@code other} holds slots of the same probes in the same order (a version of the same set). */
    boolean sameProbesAs(ProbeSlots other) {
        return other.names == names;
    }

    @Override
    public int size() {
        return slots.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return positions.containsKey(key);
    }

    @Override
    public ProbeSlot get(Object key) {
        Integer at = positions.get(key);
        return at == null ? null : slots[at];
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super ProbeSlot> action) {
        for (int i = 0; i < slots.length; i++) {
            action.accept(names[i], slots[i]);
        }
    }

    @Override
    public Collection<ProbeSlot> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<ProbeSlot> iterator() {
                return new Slots<>() {
                    @Override
                    ProbeSlot element(int i) {
                        return slots[i];
                    }
                };
            }

            @Override
            public int size() {
                return slots.length;
            }
        };
    }

    @Override
    public Set<Entry<String, ProbeSlot>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, ProbeSlot>> iterator() {
                return new Slots<>() {
                    @Override
                    Entry<String, ProbeSlot> element(int i) {
                        return Map.entry(names[i], slots[i]);
                    }
                };
            }

            @Override
            public int size() {
                return slots.length;
            }
        };
    }

    /** A read-only iterator in declaration order. */
    private abstract class Slots<T> implements Iterator<T> {
        private int next;

        abstract T element(int i);

        @Override
        public boolean hasNext() {
            return next < slots.length;
        }

        @Override
        public T next() {
            if (next >= slots.length) {
                throw new NoSuchElementException();
            }
            return element(next++);
        }
    }
}
