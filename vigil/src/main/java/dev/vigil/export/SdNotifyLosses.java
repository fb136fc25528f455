package dev.vigil.export;

import dev.vigil.config.Durations;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.ServiceSpec;

/**
 * sd_notify readiness ({@code type = "notify"}) and the watchdog exist only where vigil
 * supervises: an orchestrator that starts the process itself knows neither.
 */
final class SdNotifyLosses {
    private SdNotifyLosses() {
    }

    static void record(ServiceSpec service, ProcessSpec process, String platform, Losses losses) {
        String keep = platform + " has no sd_notify; run vigil as the entrypoint to keep it";
        if (process.type() == ProcessType.NOTIFY) {
            losses.add(ConfigFields.process(service, process, "type"), "\"notify\"", "ready when started", keep);
        }
        process.watchdog().ifPresent(w -> losses.add(ConfigFields.process(service, process, "watchdog"),
                Durations.format(w), "not enforced", keep));
    }
}
