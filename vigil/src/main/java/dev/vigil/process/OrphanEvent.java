package dev.vigil.process;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the {@link ChildReaper} did with a child it did not start. */
public sealed interface OrphanEvent extends VigilEvent {

    /**
     * A process re-parented to Vigil (PID 1 or subreaper) was seen alive for the first time.
     * {@code service}/{@code process} come from its environment (null for strangers); {@code killed}
     * is true when the instance it came from had already ended, so it was killed with it.
     */
    record OrphanAdopted(String service, String process, long pid, String command, boolean killed) implements OrphanEvent {
        public String type() { return "orphan_adopted"; }

        public Severity severity() { return killed ? Severity.WARN : Severity.INFO; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("pid", pid);
            fields.put("command", command);
            fields.put("killed", killed);
            return fields;
        }
    }

    /**
     * An orphan adopted while its instance ran outlived that instance (it crashed or was
     * replaced without a stop): killed now, as the stop's token sweep would have.
     */
    record OrphanKilled(String service, String process, long pid, String command) implements OrphanEvent {
        public String type() { return "orphan_killed"; }

        public Severity severity() { return Severity.WARN; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("pid", pid);
            fields.put("command", command);
            return fields;
        }
    }
}
