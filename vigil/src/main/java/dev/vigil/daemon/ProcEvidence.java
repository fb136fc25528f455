package dev.vigil.daemon;

import dev.vigil.config.ProcessSpec;
import dev.vigil.config.UnixSignal;
import dev.vigil.process.ProcStat;
import dev.vigil.process.ProcessInspector;
import dev.vigil.process.RunningProcess;
import dev.vigil.process.Signals;
import dev.vigil.supervise.EvidenceCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The real evidence before a probe- or watchdog-triggered restart: what the kernel says the
 * process is doing ({@code /proc/PID/stat} state and {@code wchan}), and for a JVM a thread dump
 * requested with SIGQUIT to the leader alone (the group may hold non-JVM children that SIGQUIT
 * would kill), which the JVM prints into its captured stdout.
 */
final class ProcEvidence implements EvidenceCollector {
    private final ProcessInspector inspector;

    ProcEvidence(ProcessInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Map<String, Object> collect(String service, ProcessSpec spec, RunningProcess process) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("pid", process.pid());
        Optional<ProcStat> stat = inspector.stat(process.pid());
        if (stat.isEmpty()) {
            facts.put("proc_state", "gone");
            return facts;
        }
        facts.put("proc_state", describe(stat.get().state()));
        inspector.wchan(process.pid()).filter(w -> !w.isBlank() && !w.equals("0"))
                .ifPresent(w -> facts.put("wchan", w));
        if (spec.jvm()) {
            boolean sent = Signals.send(process.pid(), UnixSignal.QUIT.number());
            facts.put("thread_dump", sent ? "requested (SIGQUIT); see vigil logs " + service + " --process " + spec.name()
                    : "not requested: the process was gone");
        }
        return facts;
    }

    static String describe(char state) {
        return switch (state) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'D' -> "D (disk sleep)";
            case 'T' -> "T (stopped)";
            case 't' -> "t (tracing stop)";
            case 'Z' -> "Z (zombie)";
            case 'X' -> "X (dead)";
            case 'I' -> "I (idle)";
            default -> String.valueOf(state);
        };
    }
}
