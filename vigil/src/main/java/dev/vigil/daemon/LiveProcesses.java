package dev.vigil.daemon;

import dev.vigil.probe.MemoryGauge;
import dev.vigil.probe.MemoryReading;
import dev.vigil.process.GroupMemory;
import dev.vigil.process.ProcessLauncher;
import dev.vigil.process.RunningProcess;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows the current instance of every process by service and process name (through the launcher
 * {@link #tracking} returns), and measures its memory for the {@code memory} probes
 * ({@code restart_on_memory}). A process is known from its launch until its exit; a later
 * instance replaces it.
 *
 * <p>Thread-safe. {@link #read} blocks on /proc or cgroup files and runs on probe threads only.
 */
final class LiveProcesses implements MemoryGauge {
    private final GroupMemory memory;
    private final Map<Key, RunningProcess> live = new ConcurrentHashMap<>();

    LiveProcesses(GroupMemory memory) {
        this.memory = memory;
    }

    /** {@code real}, telling this registry of every process it starts. */
    ProcessLauncher tracking(ProcessLauncher real) {
        return request -> {
            RunningProcess process = real.launch(request);
            Key key = new Key(request.service(), request.spec().name());
            live.put(key, process);
            process.exit().whenComplete((status, failure) -> live.remove(key, process));
            return process;
        };
    }

    @Override
    public MemoryReading read(String service, String process) {
        RunningProcess running = live.get(new Key(service, process));
        if (running == null) {
            return new MemoryReading.Unreadable(service + "/" + process + " is not running");
        }
        try {
            GroupMemory.Reading reading = memory.of(running);
            return new MemoryReading.Measured(reading.bytes(), reading.scope());
        } catch (IOException e) {
            return new MemoryReading.Unreadable(e.getMessage());
        }
    }

    private record Key(String service, String process) {
    }
}
