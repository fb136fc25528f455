package dev.vigil.supervise;

import dev.vigil.config.BackoffSpec;
import dev.vigil.config.DegradedAction;
import dev.vigil.config.Dependency;
import dev.vigil.config.DependencyCondition;
import dev.vigil.config.DependencySpec;
import dev.vigil.config.Endpoint;
import dev.vigil.config.LogSpec;
import dev.vigil.config.NotifyAccess;
import dev.vigil.config.ProbeRole;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ProcessSpec;
import dev.vigil.config.ProcessType;
import dev.vigil.config.RestartMode;
import dev.vigil.config.RestartPolicy;
import dev.vigil.config.ServiceSpec;
import dev.vigil.config.SourceRef;
import dev.vigil.config.UnixSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small builders for specs in tests: defaults as the config documents them, changed by withers. */
final class Specs {
    static final SourceRef HERE = new SourceRef(Path.of("test.toml"), 1, 1);

    private Specs() {
    }

    static ProcessSpec process(String name) {
        return new ProcessSpec(name, List.of("/bin/true"), Map.of(), Optional.empty(), UnixSignal.TERM,
                Duration.ofSeconds(10), ProcessType.SIMPLE, Duration.ofSeconds(30), Optional.empty(),
                NotifyAccess.MAIN, false, LogSpec.defaults());
    }

    static ProcessSpec notifyProcess(String name, Duration startTimeout, Optional<Duration> watchdog) {
        ProcessSpec p = process(name);
        return new ProcessSpec(name, p.command(), p.env(), p.cwd(), p.stopSignal(), p.stopTimeout(),
                ProcessType.NOTIFY, startTimeout, watchdog, p.notifyAccess(), p.jvm(), p.logs());
    }

    static ProcessSpec withWatchdog(ProcessSpec p, Duration watchdog) {
        return new ProcessSpec(p.name(), p.command(), p.env(), p.cwd(), p.stopSignal(), p.stopTimeout(), p.type(),
                p.startTimeout(), Optional.of(watchdog), p.notifyAccess(), p.jvm(), p.logs());
    }

    static ProbeSpec probe(String name, ProbeRole role, Optional<String> process, int failures) {
        return new ProbeSpec(name, new ProbeTarget.Tcp(new Endpoint.Tcp("127.0.0.1", 8080)), process,
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, failures, 1, role, HERE);
    }

    static RestartPolicy policy(RestartMode mode, int maxRestarts) {
        return new RestartPolicy(mode, new BackoffSpec(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0,
                Duration.ofSeconds(30)), maxRestarts, Duration.ofSeconds(60), Optional.of(Duration.ofMinutes(5)));
    }

    /** A service builder with defaults: restart always, 5 within 60s, on_degraded restart, restart_after 3. */
    static Service service(String name) {
        return new Service(name);
    }

    static final class Service {
        private final String name;
        private final List<ProcessSpec> processes = new ArrayList<>();
        private final List<ProbeSpec> probes = new ArrayList<>();
        private RestartPolicy policy = Specs.policy(RestartMode.ALWAYS, 5);
        private DegradedAction onDegraded = DegradedAction.RESTART;
        private int restartAfter = 3;
        private boolean autostart = true;
        private final List<Dependency> dependsOn = new ArrayList<>();
        private boolean restartDependents;

        private Service(String name) {
            this.name = name;
        }

        Service process(ProcessSpec p) {
            processes.add(p);
            return this;
        }

        Service processes(String... names) {
            for (String n : names) {
                processes.add(Specs.process(n));
            }
            return this;
        }

        Service probe(ProbeSpec p) {
            probes.add(p);
            return this;
        }

        Service policy(RestartPolicy p) {
            policy = p;
            return this;
        }

        Service onDegraded(DegradedAction action, int after) {
            onDegraded = action;
            restartAfter = after;
            return this;
        }

        /** Adds {@code depends_on = { service = "condition" }}. */
        Service dependsOn(String service, DependencyCondition condition) {
            dependsOn.add(new Dependency(service, condition, HERE));
            return this;
        }

        Service restartDependents(boolean value) {
            restartDependents = value;
            return this;
        }

        Service autostart(boolean value) {
            autostart = value;
            return this;
        }

        ServiceSpec build() {
            List<ProcessSpec> ps = processes.isEmpty() ? List.of(Specs.process(name)) : processes;
            return new ServiceSpec(name, ps, policy, autostart, probes, onDegraded, restartAfter, HERE, false,
                    new DependencySpec(dependsOn, restartDependents));
        }
    }
}
