package dev.vigil.export;

import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/** Collects the {@link Lossy} translations of one export run, in the order they were made. Not thread-safe. */
final class Losses {
    private final List<Lossy> list = new ArrayList<>();

    void add(String field, String from, String to, String why) {
        Lossy lossy = new Lossy(field, from, to, why);
        // Service-wide probes are translated once per container; say each loss once.
        if (!list.contains(lossy)) {
            list.add(lossy);
        }
    }

    void probe(ServiceSpec service, ProbeSpec probe, String key, String from, String to, String why) {
        add(field(service, probe, key), from, to, why);
    }

    static String field(ServiceSpec service, ProbeSpec probe, String key) {
        return "services." + service.name() + ".probes." + probe.name() + (key.isEmpty() ? "" : "." + key);
    }

    List<Lossy> list() {
        return List.copyOf(list);
    }
}
