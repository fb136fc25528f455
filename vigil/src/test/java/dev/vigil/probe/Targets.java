package dev.vigil.probe;

import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import java.util.Optional;
import java.util.regex.Pattern;

/** Probe targets for tests, with the config defaults. */
final class Targets {
    private Targets() {
    }

    static ProbeTarget.Http get(Endpoint endpoint, String path) {
        return new ProbeTarget.Http(endpoint, "GET", path, "localhost", 200, 399,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static ProbeTarget.Http getWithBody(Endpoint endpoint, String path, String contains, String regex) {
        return new ProbeTarget.Http(endpoint, "GET", path, "localhost", 200, 399,
                Optional.ofNullable(contains), Optional.ofNullable(regex).map(Pattern::compile), Optional.empty(), Optional.empty());
    }

    static ProbeTarget.JsonRpc discover(Endpoint endpoint) {
        return new ProbeTarget.JsonRpc(endpoint, ProbeTarget.JsonRpcTransport.LINE, "/", "rpc.discover", Optional.empty());
    }
}
