package dev.vigil.export;

import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;

/**
 * What no platform's HTTP check (nor {@code vigil probe}) can test: a status range other than
 * its own, a body that must contain or match something, a response header. Each one present is
 * recorded as a loss; the check still tests that the endpoint answers.
 */
final class HttpChecks {
    private HttpChecks() {
    }

    /**
     * @param successRange what the platform counts as healthy, e.g. {@code "200-399"}
     */
    static void unexpressible(ServiceSpec service, ProbeSpec probe, ProbeTarget.Http http, String successRange,
                              String platform, Losses losses) {
        String range = http.statusMin() + "-" + http.statusMax();
        if (!range.equals(successRange)) {
            losses.probe(service, probe, "status", range, successRange, platform + " counts " + successRange + " as healthy");
        }
        http.bodyContains().ifPresent(text -> losses.probe(service, probe, "body_contains", quoted(text), "not checked",
                platform + " does not read the body"));
        http.bodyMatches().ifPresent(regex -> losses.probe(service, probe, "body_matches", quoted(regex.pattern()),
                "not checked", platform + " does not read the body"));
        http.headerName().ifPresent(name -> losses.probe(service, probe, "header",
                quoted(name + http.headerValue().map(v -> ": " + v).orElse("")), "not checked",
                platform + " does not check response headers"));
    }

    static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
