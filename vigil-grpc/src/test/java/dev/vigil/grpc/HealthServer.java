package dev.vigil.grpc;

import dev.vigil.config.Endpoint;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A real gRPC server on 127.0.0.1 and an ephemeral port that serves only grpc.health.v1, with a
 * status per service set by the test. The whole server ("") answers SERVING until told otherwise.
 */
final class HealthServer implements AutoCloseable {

    private final HealthStatusManager health = new HealthStatusManager();
    private final Server server;

    private HealthServer() {
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                            InsecureServerCredentials.create())
                    .directExecutor()
                    .addService(health.getHealthService())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the gRPC health server", e);
        }
    }

    static HealthServer start() {
        return new HealthServer();
    }

    HealthServer status(String service, ServingStatus status) {
        health.setStatus(service, status);
        return this;
    }

    Endpoint.Tcp endpoint() {
        return new Endpoint.Tcp("127.0.0.1", ((InetSocketAddress) server.getListenSockets().getFirst()).getPort());
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gRPC health server did not stop within 5 s");
        }
    }
}
