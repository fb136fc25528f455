package dev.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the top level of one parsed file: {@code [daemon]}, {@code [http]} and {@code [services.*]}. */
final class ConfigFileReader {

    /**
     * What one file declared: every table with where it was declared (for duplicate checks across
     * files, valid or not), and the specs of those that had no problems.
     */
    record FileContent(List<Declared> declared, Optional<DaemonSettings> daemon, List<ServiceSpec> services,
                       Optional<HttpSpec> http, List<AlertTarget> alerts, Optional<ConsulSpec> consul) {}

    /** A {@code [daemon]} or {@code [services.NAME]} table: its field path and position. */
    record Declared(String field, SourceRef where) {}

    private final ServiceReader serviceReader;
    private final AlertTargetReader alertReader;

    ConfigFileReader(Executables executables, Accounts accounts) {
        this.serviceReader = new ServiceReader(executables, accounts);
        this.alertReader = new AlertTargetReader(executables);
    }

    FileContent read(TomlTable toml, Problems problems) {
        TomlReader top = new TomlReader(toml, "", problems.at(null), problems);
        List<Declared> declared = new ArrayList<>();
        Optional<DaemonSettings> daemon = top.table("daemon", "[daemon] with probe_restart_budget, probe_restart_period, event_retention, event_retention_rows, log_retention, exit_on_failed, log_format")
                .map(r -> {
                    declared.add(new Declared(r.path(), r.where()));
                    return daemon(r);
                });
        Optional<HttpSpec> http = top.table("http", HttpReader.TABLE_EXPECTED).flatMap(r -> {
            declared.add(new Declared(r.path(), r.where()));
            return HttpReader.read(r);
        });
        Optional<ConsulSpec> consul = top.table("consul", ConsulReader.TABLE_EXPECTED).flatMap(r -> {
            declared.add(new Declared(r.path(), r.where()));
            return ConsulReader.read(r);
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
        List<AlertTarget> alerts = alertReader.read(top);
        top.rejectUnknown();
        return new FileContent(declared, daemon, services, http, alerts, consul);
    }

    private static DaemonSettings daemon(TomlReader r) {
        DaemonSettings dflt = DaemonSettings.defaults();
        int budget = r.integer("probe_restart_budget", dflt.probeRestartBudget(), 0, 10_000);
        var period = r.duration("probe_restart_period", dflt.probeRestartPeriod(),
                DurationRule.between(java.time.Duration.ofSeconds(1), DurationRule.DAY));
        var retention = r.duration("event_retention", dflt.eventRetention(),
                DurationRule.positiveUpTo(Duration.ofDays(3650)));
        int rows = r.integer("event_retention_rows", dflt.eventRetentionRows(), 1_000, 1_000_000_000);
        Optional<Duration> logRetention = logRetention(r);
        boolean exitOnFailed = r.bool("exit_on_failed", dflt.exitOnFailed());
        DaemonSettings.LogFormat logFormat = r.choice("log_format", dflt.logFormat(), DaemonSettings.LogFormat.class);
        r.rejectUnknown();
        return new DaemonSettings(budget, period, retention, rows, logRetention, exitOnFailed, logFormat);
    }

    /** A look-back like {@code "14d"}, so days are allowed; from 1h (a shorter one deletes logs being read) to 3650d. */
    private static Optional<Duration> logRetention(TomlReader r) {
        String expected = "a duration such as \"14d\" or \"72h\", from 1h to 3650d";
        Optional<String> text = r.text("log_retention", expected);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration d = Durations.parseWithDays(text.get());
            if (d.compareTo(Duration.ofHours(1)) >= 0 && d.compareTo(Duration.ofDays(3650)) <= 0) {
                return Optional.of(d);
            }
            r.problem("log_retention", TomlValues.quote(text.get()), "is out of range", expected);
        } catch (IllegalArgumentException e) {
            r.problem("log_retention", TomlValues.quote(text.get()), e.getMessage(), expected);
        }
        return Optional.empty();
    }
}
