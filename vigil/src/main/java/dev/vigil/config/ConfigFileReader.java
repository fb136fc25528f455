package dev.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the top level of one parsed file: {@code [daemon]} and {@code [services.*]}. */
final class ConfigFileReader {

    /**
     * What one file declared: every table with where it was declared (for duplicate checks across
     * files, valid or not), and the specs of those that had no problems.
     */
    record FileContent(List<Declared> declared, Optional<DaemonSettings> daemon, List<ServiceSpec> services) {}

    /** A {@code [daemon]} or {@code [services.NAME]} table: its field path and position. */
    record Declared(String field, SourceRef where) {}

    private final ServiceReader serviceReader;

    ConfigFileReader(Executables executables) {
        this.serviceReader = new ServiceReader(executables);
    }

    FileContent read(TomlTable toml, Problems problems) {
        TomlReader top = new TomlReader(toml, "", problems.at(null), problems);
        List<Declared> declared = new ArrayList<>();
        Optional<DaemonSettings> daemon = top.table("daemon", "[daemon] with probe_restart_budget, probe_restart_period, exit_on_failed, log_format")
                .map(r -> {
                    declared.add(new Declared(r.path(), r.where()));
                    return daemon(r);
                });
        List<ServiceSpec> services = new ArrayList<>();
        top.table("services", "[services.NAME] tables").ifPresent(all -> {
            for (String name : all.keys()) {
                boolean nameOk = ServiceReader.checkName(all, name);
                all.table(name, "a service table: [services." + name + "]")
                        .flatMap(r -> {
                            declared.add(new Declared(r.path(), r.where()));
                            return serviceReader.read(name, r);
                        })
                        .filter(s -> nameOk)
                        .ifPresent(services::add);
            }
        });
        top.rejectUnknown();
        return new FileContent(declared, daemon, services);
    }

    private static DaemonSettings daemon(TomlReader r) {
        DaemonSettings dflt = DaemonSettings.defaults();
        int budget = r.integer("probe_restart_budget", dflt.probeRestartBudget(), 0, 10_000);
        var period = r.duration("probe_restart_period", dflt.probeRestartPeriod(),
                DurationRule.between(java.time.Duration.ofSeconds(1), DurationRule.DAY));
        boolean exitOnFailed = r.bool("exit_on_failed", dflt.exitOnFailed());
        DaemonSettings.LogFormat logFormat = r.choice("log_format", dflt.logFormat(), DaemonSettings.LogFormat.class);
        r.rejectUnknown();
        return new DaemonSettings(budget, period, exitOnFailed, logFormat);
    }
}
