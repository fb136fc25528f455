package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.time.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * {@code grpc}: delegates to the first {@link GrpcHealthChecker} on the class path (the optional
 * vigil-grpc plugin). Without one every grpc probe is {@link ProbeOutcome.Unprobeable} with a hint
 * how to enable it: the operator's problem, never a restart.
 */
final class GrpcProber {

    /** What an operator does to get grpc probes. */
    static final String ENABLE_HINT = "grpc probes need the optional vigil-grpc plugin:"
            + " build it (bin/vigil build makes vigil-grpc/target/vigil-grpc-plugin.jar) and run"
            + " vigil with it on the class path (bin/vigil does so when the jar exists)";

    private final Optional<GrpcHealthChecker> checker;
    private final String missingProblem;

    GrpcProber(Optional<GrpcHealthChecker> checker, String missingProblem) {
        this.checker = checker;
        this.missingProblem = missingProblem;
    }

    /** The prober with the plugin found on this class path, looked up once per JVM. */
    static GrpcProber discovered() {
        return Discovery.PROBER;
    }

    ProbeOutcome probe(ProbeTarget.Grpc target, Duration timeout, Ticker ticker) {
        return checker.map(c -> c.check(target, timeout, ticker))
                .orElseGet(() -> new ProbeOutcome.Unprobeable(missingProblem + " (" + target.describe() + ")"));
    }

    /** Looked up on first use only, so runs without grpc probes never scan the class path for it. */
    private static final class Discovery {
        static final GrpcProber PROBER = load();

        private static GrpcProber load() {
            try {
                return new GrpcProber(ServiceLoader.load(GrpcHealthChecker.class, GrpcProber.class.getClassLoader())
                        .findFirst(), ENABLE_HINT);
            } catch (ServiceConfigurationError | LinkageError e) {
                // A plugin jar that is there but broken (e.g. half its dependencies missing): say so
                // on every grpc probe rather than failing the daemon or pretending it is absent.
                return new GrpcProber(Optional.empty(), "the vigil-grpc plugin is on the class path but could not be loaded: "
                        + e.getMessage());
            }
        }
    }
}
