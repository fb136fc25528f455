package dev.vigil.supervise;

import dev.vigil.config.ProbeSpec;
import dev.vigil.probe.ProbeControl;
import dev.vigil.probe.ProbeReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Records what the supervisor asked of the probe side; the test reports rounds by hand. */
final class FakeProbeControl implements ProbeControl {
    record Started(String service, long instance, List<String> probes) {}

    final List<Started> starts = new CopyOnWriteArrayList<>();
    final List<String> stops = new CopyOnWriteArrayList<>();
    private final Map<String, Consumer<ProbeReport>> sinks = new ConcurrentHashMap<>();
    private final Map<String, Long> instances = new ConcurrentHashMap<>();

    @Override
    public void start(String service, long instance, List<ProbeSpec> probes, Consumer<ProbeReport> sink) {
        starts.add(new Started(service, instance, probes.stream().map(ProbeSpec::name).toList()));
        probes.forEach(p -> {
            sinks.put(service + "/" + p.name(), sink);
            instances.put(service + "/" + p.name(), instance);
        });
    }

    @Override
    public void stop(String service, List<String> probeNames) {
        probeNames.forEach(n -> stops.add(service + "/" + n));
        probeNames.forEach(n -> sinks.remove(service + "/" + n));
    }

    @Override
    public void stopAll(String service) {
        stops.add(service + "/*");
        sinks.keySet().removeIf(k -> k.startsWith(service + "/"));
    }

    /** Probes asked to run now, as "service/probe". */
    final List<String> runNow = new CopyOnWriteArrayList<>();

    @Override
    public List<String> runNow(String service, List<String> probeNames) {
        List<String> running = probeNames.stream().filter(n -> sinks.containsKey(service + "/" + n)).toList();
        running.forEach(n -> runNow.add(service + "/" + n));
        return running;
    }

    boolean running(String service, String probe) {
        return sinks.containsKey(service + "/" + probe);
    }

    long instance(String service, String probe) {
        return instances.get(service + "/" + probe);
    }

    /** Delivers a report as the probe side would; the instance is the one the probe was started for. */
    void report(ProbeReport report) {
        Consumer<ProbeReport> sink = sinks.get(report.service() + "/" + report.probe());
        if (sink == null) {
            throw new AssertionError("probe not running: " + report.service() + "/" + report.probe());
        }
        sink.accept(report);
    }
}
