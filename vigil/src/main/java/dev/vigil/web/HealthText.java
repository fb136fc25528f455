package dev.vigil.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a {@code /livez} or {@code /readyz} answer is written: the Kubernetes {@code ?verbose} text
 * form, one line per check ({@code [+]supervisor ok}, {@code [-]service:web failed: degraded: ...})
 * and a last line {@code livez check passed} or {@code readyz check failed}; and the fields of one
 * service in the JSON form.
 */
final class HealthText {

    private HealthText() {
    }

    /** @param checks the daemon's own checks: name to "ok" or what is wrong */
    static String of(String endpoint, Map<String, String> checks, List<ServiceHealthAggregate.Verdict> services,
                     boolean ok) {
        StringBuilder text = new StringBuilder();
        checks.forEach((name, result) -> line(text, name, result.equals("ok"), result));
        services.forEach(v -> line(text, "service:" + v.service(), v.ok(), v.reason()));
        return text.append(endpoint).append(" check ").append(ok ? "passed" : "failed").append('\n').toString();
    }

    static Map<String, Object> fields(ServiceHealthAggregate.Verdict verdict) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("state", verdict.state());
        fields.put("status", verdict.ok() ? "ok" : "fail");
        fields.put("reason", verdict.reason());
        return fields;
    }

    private static void line(StringBuilder text, String name, boolean ok, String why) {
        // One line per check whatever a reason contains: a probe's output must not forge a line.
        String reason = why.replace('\n', ' ').replace('\r', ' ');
        text.append(ok ? "[+]" : "[-]").append(name).append(ok ? " ok" : " failed");
        if (!ok || !reason.equals("ok")) {
            text.append(ok ? " (" : ": ").append(reason).append(ok ? ")" : "");
        }
        text.append('\n');
    }
}
