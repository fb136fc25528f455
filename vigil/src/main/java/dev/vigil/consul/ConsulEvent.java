package dev.vigil.consul;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the TTL updater tells the log and the history. */
public sealed interface ConsulEvent extends VigilEvent {

    @Override
    default String process() {
        return null;
    }

    /** A check changed status in Consul (refreshes of a passing check are not events). */
    record CheckUpdated(String service, String process, String check, TtlStatus status, String note)
            implements ConsulEvent {
        public String type() { return "consul_check_updated"; }

        public Severity severity() { return status == TtlStatus.PASS ? Severity.INFO : Severity.WARN; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("check", check);
            fields.put("status", status.word());
            fields.put("note", note);
            return fields;
        }
    }

    /**
     * Updates fail (the agent is down, refuses the token, does not know the check). Said at the
     * first failure and then at most once a minute, with how many failed since it was last said.
     */
    record UpdatesFailing(String agent, String reason, long failures) implements ConsulEvent {
        public String type() { return "consul_updates_failing"; }

        public String service() { return null; }

        public Severity severity() { return Severity.WARN; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("agent", agent);
            fields.put("reason", reason);
            fields.put("failures", failures);
            return fields;
        }
    }

    /** Updates go through again after {@code failures} failed ones. */
    record UpdatesResumed(String agent, long failures) implements ConsulEvent {
        public String type() { return "consul_updates_resumed"; }

        public String service() { return null; }

        public Severity severity() { return Severity.INFO; }

        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("agent", agent);
            fields.put("failures", failures);
            return fields;
        }
    }
}
