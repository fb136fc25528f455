package dev.vigil.notify;

import dev.vigil.event.Severity;
import dev.vigil.event.VigilEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notify datagram, or one assignment in it, that Vigil did not act on. One is emitted per
 * dropped datagram (per dropped assignment for {@link Reason#MALFORMED_ASSIGNMENT}); the
 * daemon logs it as one structured line ({@code notify_dropped}).
 *
 * @param service   the service whose socket received it
 * @param process   the process whose socket received it
 * @param senderPid from SCM_CREDENTIALS, 0 when none came
 * @param reason    why it was dropped
 * @param detail    what exactly, for the operator (no payload beyond a short quote)
 */
public record NotifyDrop(String service, String process, long senderPid, Reason reason, String detail)
        implements VigilEvent {

    /** Why a datagram or assignment was dropped. */
    public enum Reason {
        /** The sender is not allowed by notify_access (wrong pid, or outside the process group). */
        ACCESS_DENIED,
        /** Longer than the protocol limit. */
        OVERSIZED,
        /** Not UTF-8 text, or with NUL bytes. */
        GARBAGE,
        /** One assignment was malformed (no '=', or a bad value); the rest of the datagram counted. */
        MALFORMED_ASSIGNMENT,
        /** Arrived before the process was attached, beyond what is kept until then. */
        BACKLOG_FULL
    }

    @Override
    public String type() {
        return "notify_dropped";
    }

    @Override
    public Severity severity() {
        return Severity.WARN;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sender_pid", senderPid);
        fields.put("reason", reason.name().toLowerCase(java.util.Locale.ROOT));
        fields.put("detail", detail);
        return fields;
    }
}
