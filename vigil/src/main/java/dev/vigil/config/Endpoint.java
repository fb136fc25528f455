package dev.vigil.config;

import java.nio.file.Path;

/** Where a probe connects: a TCP host and port, or a Unix domain socket path. */
public sealed interface Endpoint {

    record Tcp(String host, int port) implements Endpoint {
        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    record Unix(Path path) implements Endpoint {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }
}
