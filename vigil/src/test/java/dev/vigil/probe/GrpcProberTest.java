package dev.vigil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrpcProberTest {

    private final ProbeTarget.Grpc target = new ProbeTarget.Grpc(new Endpoint.Tcp("127.0.0.1", 50051), "vigil.Demo", false);
    private final FakeTicker ticker = new FakeTicker();

    @Test
    void withoutThePluginOnTheClassPathAGrpcProbeIsUnprobeableAndSaysHowToEnableIt() {
        ProbeOutcome outcome = Prober.standard(ticker, dev.vigil.files.SearchPath.of("/usr/bin:/bin"),
                new DeadlineAlarms(ticker), dev.vigil.process.ProcessInspector.system()).probe(target, Duration.ofSeconds(1));

        assertThat(outcome).isInstanceOfSatisfying(ProbeOutcome.Unprobeable.class, u -> assertThat(u.problem())
                .contains("vigil-grpc plugin")
                .contains("vigil-grpc/target/vigil-grpc-plugin.jar")
                .contains("grpc 127.0.0.1:50051/vigil.Demo"));
        assertThat(outcome.verdict()).isEqualTo(ProbeOutcome.Verdict.NEUTRAL);
    }

    @Test
    void aCheckerThatIsPresentGetsTheTargetTimeoutAndTicker() {
        ProbeOutcome healthy = new ProbeOutcome.Healthy(Duration.ofMillis(2), "SERVING");
        GrpcProber prober = new GrpcProber(Optional.of((t, timeout, tk) ->
                t.equals(target) && timeout.equals(Duration.ofMillis(700)) && tk == ticker
                        ? healthy
                        : new ProbeOutcome.Unhealthy("wrong arguments", Duration.ZERO)), GrpcProber.ENABLE_HINT);

        assertThat(prober.probe(target, Duration.ofMillis(700), ticker)).isEqualTo(healthy);
    }
}
