package dev.vigil.liveness;

import java.util.List;

/**
 * The JSON documents: Vigil's own detail at {@code /health}, and MicroProfile-Health-shaped
 * documents ({@code {"status":"UP|DOWN","checks":[{"name","status","data"}]}}) for
 * {@code /health/live}, {@code /health/ready} and {@code /health/started}.
 */
final class HealthDocuments {
    private HealthDocuments() {
    }

    static String detail(HealthSnapshot s) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"status\":").append(s.live() && s.ready() ? "\"UP\"" : "\"DOWN\"")
                .append(",\"live\":").append(s.live())
                .append(",\"ready\":").append(s.ready())
                .append(",\"started\":").append(s.started())
                .append(",\"uptimeMs\":").append(HealthSnapshot.millis(s.uptimeNanos()))
                .append(",\"heartbeats\":[");
        String sep = "";
        for (HealthSnapshot.HeartbeatStatus h : s.heartbeats()) {
            out.append(sep).append("{\"name\":");
            Json.quote(out, h.name());
            out.append(",\"state\":\"").append(h.state()).append('"')
                    .append(",\"ageMs\":").append(HealthSnapshot.millis(h.ageNanos()))
                    .append(",\"budgetMs\":").append(HealthSnapshot.millis(h.budgetNanos()))
                    .append(",\"stalls\":").append(h.stalls()).append('}');
            sep = ",";
        }
        out.append("],\"deadlocks\":");
        strings(out, s.deadlocks());
        out.append(",\"pauses\":{\"samples\":").append(s.pauses().samples())
                .append(",\"p99Ms\":").append(Json.millis(s.pauses().p99Nanos()))
                .append(",\"maxMs\":").append(Json.millis(s.pauses().maxNanos()))
                .append("},\"notLiveReasons\":");
        strings(out, s.notLiveReasons());
        out.append(",\"notReadyReasons\":");
        strings(out, s.notReadyReasons());
        out.append(",\"checks\":[");
        sep = "";
        for (HealthSnapshot.CheckStatus c : s.checks()) {
            out.append(sep).append("{\"name\":");
            Json.quote(out, c.name());
            out.append(",\"status\":").append(c.ready() ? "\"UP\"" : "\"DOWN\"");
            if (!c.ready()) {
                out.append(",\"reason\":");
                Json.quote(out, c.reason());
            }
            out.append('}');
            sep = ",";
        }
        out.append("],\"threads\":[");
        sep = "";
        for (SchedulingOutcome t : s.threads()) {
            out.append(sep).append("{\"name\":");
            Json.quote(out, t.thread());
            out.append(",\"tid\":").append(t.tid()).append(",\"requested\":");
            Json.quote(out, t.requested());
            out.append(",\"obtained\":");
            Json.quote(out, t.obtained());
            if (!t.reason().isEmpty()) {
                out.append(",\"reason\":");
                Json.quote(out, t.reason());
            }
            out.append('}');
            sep = ",";
        }
        return out.append("]}\n").toString();
    }

    static String microProfileLive(HealthSnapshot s) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"status\":").append(upDown(s.live())).append(",\"checks\":[");
        for (HealthSnapshot.HeartbeatStatus h : s.heartbeats()) {
            out.append("{\"name\":");
            Json.quote(out, "heartbeat:" + h.name());
            out.append(",\"status\":").append(upDown(h.state() != HeartbeatWatch.State.STALLED))
                    .append(",\"data\":{\"state\":\"").append(h.state()).append('"')
                    .append(",\"ageMs\":").append(HealthSnapshot.millis(h.ageNanos()))
                    .append(",\"budgetMs\":").append(HealthSnapshot.millis(h.budgetNanos()))
                    .append(",\"stalls\":").append(h.stalls()).append("}},");
        }
        out.append("{\"name\":\"deadlocks\",\"status\":").append(upDown(s.deadlocks().isEmpty()));
        if (!s.deadlocks().isEmpty()) {
            out.append(",\"data\":{\"threads\":");
            Json.quote(out, String.join("; ", s.deadlocks()));
            out.append('}');
        }
        return out.append("}]}\n").toString();
    }

    static String microProfileReady(HealthSnapshot s, List<String> notReady) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"status\":").append(upDown(s.ready())).append(",\"checks\":[{\"name\":\"readiness\",\"status\":")
                .append(upDown(s.ready()));
        if (!notReady.isEmpty()) {
            out.append(",\"data\":{\"reason\":");
            Json.quote(out, String.join("; ", notReady));
            out.append('}');
        }
        out.append('}');
        for (HealthSnapshot.CheckStatus c : s.checks()) {
            out.append(",{\"name\":");
            Json.quote(out, c.name());
            out.append(",\"status\":").append(upDown(c.ready())).append('}');
        }
        return out.append("]}\n").toString();
    }

    static String microProfileStarted(HealthSnapshot s) {
        return "{\"status\":" + upDown(s.started()) + ",\"checks\":[{\"name\":\"started\",\"status\":"
                + upDown(s.started()) + "}]}\n";
    }

    private static String upDown(boolean up) {
        return up ? "\"UP\"" : "\"DOWN\"";
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append('[');
        String sep = "";
        for (String v : values) {
            out.append(sep);
            Json.quote(out, v);
            sep = ",";
        }
        out.append(']');
    }
}
