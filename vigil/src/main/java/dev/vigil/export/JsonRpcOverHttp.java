package dev.vigil.export;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeSpec;
import dev.vigil.config.ProbeTarget;
import dev.vigil.config.ServiceSpec;
import java.util.Optional;

/**
 * JSON-RPC over HTTP POST ({@code url = ...}): no platform check and no {@code vigil probe} SPEC can
 * POST a JSON-RPC call, so it is exported as a TCP connect to the same port (the nearest check
 * that still notices a dead listener), recorded as a loss.
 */
final class JsonRpcOverHttp {
    private JsonRpcOverHttp() {
    }

    /** The TCP endpoint to connect to instead, if {@code rpc} is JSON-RPC over HTTP; the loss is recorded. */
    static Optional<Endpoint> downgrade(ServiceSpec service, ProbeSpec probe, ProbeTarget.JsonRpc rpc, Losses losses) {
        if (rpc.transport() != ProbeTarget.JsonRpcTransport.HTTP) {
            return Optional.empty();
        }
        losses.probe(service, probe, "url", "JSON-RPC " + rpc.method() + " over HTTP POST " + rpc.endpoint() + rpc.httpPath(),
                "TCP connect to " + rpc.endpoint(), "no check here can POST JSON-RPC");
        return Optional.of(rpc.endpoint());
    }
}
