package dev.vigil.process;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** Events of a process's log file: writing it failed (once per episode), and it works again. */
public sealed interface LogFileEvent extends VigilEvent {

    /** Writing the log failed (e.g. "No space left on device"); lines are counted as lost until it works again. */
    record LogWriteFailed(String service, String process, String file, String error) implements LogFileEvent {
        public String type() { return "log_write_failed"; }

        public Severity severity() { return Severity.ERROR; }

        public Map<String, Object> fields() {
            return Map.of("file", file, "error", error);
        }
    }

    /** Writing the log works again; what was lost meanwhile is counted here and noted in the file. */
    record LogWriteResumed(String service, String process, String file, long lostLines, long lostBytes, long failedForMs)
            implements LogFileEvent {
        public String type() { return "log_write_resumed"; }

        public Severity severity() { return Severity.WARN; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", file);
            fields.put("lost_lines", lostLines);
            fields.put("lost_bytes", lostBytes);
            fields.put("failed_for_ms", failedForMs);
            return fields;
        }
    }
}
