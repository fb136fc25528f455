package dev.vigil.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one {@code [services.NAME]} table with its processes, restart policy and probes. */
final class ServiceReader {

    /** Names of services, processes and probes. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
    static final String NAME_EXPECTED = "lower-case letters, digits and _ . - , starting with a letter or digit";

    /** A failed service retried more often than this is a restart loop by another name. */
    private static final DurationRule FAILED_RETRY = DurationRule.between(Duration.ofSeconds(1), Duration.ofDays(7));
    /** A crash-loop window shorter than this never holds two crashes, so it would never trip. */
    private static final DurationRule PERIOD = DurationRule.between(Duration.ofSeconds(1), DurationRule.DAY);
    /** The first restart delay: the floor keeps a crashing process from being respawned in a spin. */
    private static final DurationRule BACKOFF_INITIAL = DurationRule.between(Duration.ofMillis(10), DurationRule.HOUR);
    /** A run shorter than this that resets the backoff would keep restarts at the initial delay. */
    private static final DurationRule RESET_AFTER = DurationRule.between(Duration.ofSeconds(1), DurationRule.DAY);
    private static final String NEVER = "never";

    private final ProcessReader processReader;
    private final ProbeReader probeReader;

    ServiceReader(Executables executables, Accounts accounts) {
        this.processReader = new ProcessReader(executables, accounts);
        this.probeReader = new ProbeReader(executables);
    }

    /** Reports a name that is not {@link #NAME}; true when it is fine. */
    static boolean checkName(TomlReader parent, String key) {
        if (NAME.matcher(key).matches()) {
            return true;
        }
        parent.problems().add(parent.keyAt(key), parent.field(key), TomlValues.quote(key), "is not a valid name", NAME_EXPECTED);
        return false;
    }

    Optional<ServiceSpec> read(String name, TomlReader r) {
        RestartMode mode = r.choice("restart", RestartMode.ALWAYS, RestartMode.class);
        boolean autostart = r.bool("autostart", true);
        boolean critical = r.bool("critical", false);
        boolean readyGate = r.bool("ready_gate", true);
        int maxRestarts = r.integer("max_restarts", 5, 0, 10_000);
        Duration period = r.duration("period", Duration.ofSeconds(60), PERIOD);
        Optional<Duration> failedRetry = failedRetry(r);
        DegradedAction onDegraded = r.choice("on_degraded", DegradedAction.RESTART, DegradedAction.class);
        BackoffSpec backoff = r.table("backoff", "a table with initial, max, multiplier, jitter, reset_after")
                .map(ServiceReader::backoff).orElse(BackoffSpec.defaults());

        Optional<List<ProcessSpec>> processes = processes(name, r);
        Set<String> processNames = new LinkedHashSet<>();
        processes.ifPresent(list -> list.forEach(p -> processNames.add(p.name())));

        List<ProbeSpec> probes = new ArrayList<>();
        boolean probesOk = true;
        Optional<TomlReader> probeTables = r.table("probes", "a table of probe tables: [services.NAME.probes.PROBE]");
        if (probeTables.isPresent()) {
            TomlReader all = probeTables.get();
            for (String probeName : all.keys()) {
                boolean nameOk = checkName(all, probeName);
                Optional<ProbeSpec> probe = all.table(probeName, "a probe table with kind = \"tcp\", \"http\", ...")
                        .flatMap(t -> probeReader.read(probeName, t, processNames));
                probe.ifPresent(probes::add);
                probesOk &= nameOk && probe.isPresent();
            }
        }

        int restartAfter = restartAfter(r, probes);
        probes.addAll(MemoryProbes.of(name, r.path(), processes.orElse(List.of()), probes, r.problems()));
        Optional<DependencySpec> dependencies = DependencyReader.read(name, r);
        r.rejectUnknown();
        if (processes.isEmpty() || !probesOk || r.failed("restart", "autostart", "max_restarts", "period",
                "failed_retry", "on_degraded", "backoff", "restart_after", "probes", "critical", "ready_gate")
                || dependencies.isEmpty()) {
            return Optional.empty();
        }
        RestartPolicy policy = new RestartPolicy(mode, backoff, maxRestarts, period, failedRetry);
        return Optional.of(new ServiceSpec(name, processes.get(), policy, autostart, probes, onDegraded, restartAfter,
                r.where(), critical, readyGate, dependencies.get()));
    }

    private static Optional<Duration> failedRetry(TomlReader r) {
        DurationRule rule = FAILED_RETRY;
        String expected = rule.expected() + ", or \"never\"";
        Optional<String> text = r.string("failed_retry", expected);
        if (text.isEmpty()) {
            return Optional.of(Duration.ofMinutes(5));
        }
        if (text.get().strip().equals(NEVER)) {
            return Optional.empty();
        }
        Optional<Duration> d = r.checkDuration("failed_retry", text.get(), rule, expected);
        return d.isPresent() ? d : Optional.of(Duration.ofMinutes(5));
    }

    private static BackoffSpec backoff(TomlReader r) {
        BackoffSpec dflt = BackoffSpec.defaults();
        Duration initial = r.duration("initial", dflt.initial(), BACKOFF_INITIAL);
        Duration max = r.duration("max", dflt.max(), DurationRule.positiveUpTo(DurationRule.DAY));
        double multiplier = r.number("multiplier", dflt.multiplier(), 1.0, 100.0);
        double jitter = r.number("jitter", dflt.jitter(), 0.0, 1.0);
        Duration resetAfter = r.duration("reset_after", dflt.resetAfter(), RESET_AFTER);
        if (!r.failed("initial", "max") && max.compareTo(initial) < 0) {
            r.problem("max", TomlValues.quote(Durations.format(max)),
                    "must be at least initial (" + Durations.format(initial) + ")", "a ceiling >= initial");
        }
        r.rejectUnknown();
        return new BackoffSpec(initial, max, multiplier, jitter, resetAfter);
    }

    /** The single-process shorthand or the {@code processes} tables, never both. */
    private Optional<List<ProcessSpec>> processes(String name, TomlReader r) {
        List<String> shorthand = ProcessReader.KEYS.stream().filter(r::has).toList();
        boolean tables = r.has("processes");
        if (!tables) {
            return processReader.read(name, r).map(List::of);
        }
        if (!shorthand.isEmpty()) {
            r.problem("processes", "", "cannot be combined with process keys directly on the service ("
                            + String.join(", ", shorthand) + ")",
                    "either command = [...] on the service for one process, or [" + r.path() + ".processes.NAME] tables");
        }
        Optional<TomlReader> all = r.table("processes", "a table of process tables: [" + r.path() + ".processes.NAME]");
        if (all.isEmpty()) {
            return Optional.empty();
        }
        if (all.get().keys().isEmpty()) {
            r.problem("processes", "{}", "must not be empty", "at least one [" + r.path() + ".processes.NAME] table");
            return Optional.empty();
        }
        List<ProcessSpec> out = new ArrayList<>();
        boolean ok = shorthand.isEmpty();
        for (String processName : all.get().keys()) {
            boolean nameOk = checkName(all.get(), processName);
            Optional<ProcessSpec> process = all.get().table(processName, "a process table with command = [...]")
                    .flatMap(t -> {
                        Optional<ProcessSpec> p = processReader.read(processName, t);
                        t.rejectUnknown();
                        return p;
                    });
            process.ifPresent(out::add);
            ok &= nameOk && process.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private static int restartAfter(TomlReader r, List<ProbeSpec> probes) {
        Optional<ProbeSpec> strictest = probes.stream().filter(p -> p.role() == ProbeRole.LIVENESS)
                .max(java.util.Comparator.comparingInt(ProbeSpec::failures));
        int dflt = strictest.map(ProbeSpec::failures).orElse(3);
        int restartAfter = r.integer("restart_after", dflt, 1, 10_000);
        if (!r.failed("restart_after") && strictest.isPresent() && restartAfter < dflt) {
            r.problem("restart_after", Integer.toString(restartAfter),
                    "must be at least every liveness probe's failures (probe " + strictest.get().name()
                            + " has failures = " + dflt + ")",
                    "an integer >= " + dflt + ", so the service is DEGRADED before it is restarted");
        }
        return restartAfter;
    }
}
