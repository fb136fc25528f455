package dev.vigil.liveness;

/** Text for stall reports and the systemd STATUS line. */
final class StallReport {
    private StallReport() {
    }

    /** The stack of the thread that owns a heartbeat, one frame a line, as a thread dump prints it. */
    static String stackOf(Heartbeat heartbeat, ThreadInspector inspector) {
        Thread owner = heartbeat.owner();
        if (owner == null) {
            return "  (the loop never beat, so its thread is unknown)\n";
        }
        StringBuilder text = new StringBuilder();
        text.append('"').append(owner.getName()).append("\" #").append(owner.threadId())
                .append(owner.isVirtual() ? " virtual" : "").append(' ').append(owner.getState()).append('\n');
        for (StackTraceElement frame : inspector.stackOf(owner)) {
            text.append("\tat ").append(frame).append('\n');
        }
        return text.toString();
    }

    /** A one-line summary for {@code STATUS=}: categorical only, so it changes only when the verdict does. */
    static String statusLine(HealthSnapshot snapshot) {
        if (!snapshot.live()) {
            return "not live: " + String.join("; ", snapshot.notLiveReasons().stream()
                    .map(r -> r.replaceAll(": age .*", "")).toList());
        }
        if (!snapshot.ready()) {
            return "live, not ready: " + String.join("; ", snapshot.notReadyReasons().stream()
                    .map(r -> r.replaceAll(": running for .*", "")).toList());
        }
        return "live and ready; " + snapshot.heartbeats().size() + " heartbeat(s) fresh";
    }
}
