package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;

/**
 * {@code grpc}: not in the core module. A grpc.health.v1 client needs HTTP/2 and HPACK; the gRPC
 * jars that bring them weigh 21 MB, so they belong in an optional module that is not built yet.
 */
final class GrpcProber {
    private GrpcProber() {
    }

    static ProbeOutcome probe(ProbeTarget.Grpc target) {
        return new ProbeOutcome.Unprobeable("grpc probes need the optional vigil-grpc module, not built yet ("
                + target.describe() + ")");
    }
}
