package dev.vigil.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import dev.vigil.config.Endpoint;
import dev.vigil.config.ProbeTarget;
import dev.vigil.probe.GrpcHealthChecker;
import dev.vigil.probe.ProbeOutcome;
import dev.vigil.time.Ticker;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The grpc.health.v1 client behind the {@code grpc} probe kind, over grpc-netty-shaded. Found by
 * the core's {@link java.util.ServiceLoader} through {@code META-INF/services}.
 *
 * <p>Each check opens its own channel and shuts it down before returning, rather than caching one
 * per target: a fresh connection is what proves the server still accepts and serves new clients
 * (a long-lived HTTP/2 connection can stay up while the listener is wedged or gone), the prober
 * stays stateless like the other kinds (nothing to evict when a probe is removed or reloaded), and
 * no connection outlives the probe. The cost, a TCP (and TLS) handshake per round, is small at
 * probe intervals. gRPC's own event loop is shared and reference-counted by grpc-netty: it stays
 * while channels exist and stops about a second after the last one is shut down.
 *
 * <p>The timeout is held twice: the call carries a gRPC deadline of {@code timeout}, and the
 * probing thread itself waits for the answer only until the same instant (the outer guard), then
 * cancels the call. So the limit holds even if the transport never gets as far as enforcing the
 * deadline (a peer that accepts and never speaks HTTP/2).
 */
public final class NettyGrpcHealthChecker implements GrpcHealthChecker {

    /** A health answer is a few bytes; anything near this is not a health service. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /**
     * Instantiated once by ServiceLoader, before any probe's clock starts. Loads the classes of a
     * channel, a call and the health messages here (building a channel does not connect), so a cold
     * JVM does not spend the first probe's timeout loading gRPC, Netty and protobuf: ~0.5 s
     * on this machine, enough to turn `vigil probe grpc://... --timeout 1s` into a false timeout.
     */
    public NettyGrpcHealthChecker() {
        // Netty logs through SLF4J when it finds slf4j-api (vigil.jar has it, for Jetty) and SLF4J
        // then prints a "no providers" notice into the probe's output: keep it for real errors.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        ManagedChannel idle = channel(new ProbeTarget.Grpc(new Endpoint.Tcp("127.0.0.1", 1), "", false));
        try {
            HealthGrpc.newFutureStub(idle).withDeadlineAfter(1, TimeUnit.NANOSECONDS);
            HealthCheckRequest.newBuilder().setService("").build();
            HealthCheckResponse.getDefaultInstance().getStatus();
        } finally {
            idle.shutdownNow();
        }
    }

    @Override
    public ProbeOutcome check(ProbeTarget.Grpc target, Duration timeout, Ticker ticker) {
        long start = ticker.nanoTime();
        long deadline = System.nanoTime() + timeout.toNanos();
        ManagedChannel channel;
        try {
            channel = channel(target);
        } catch (IllegalArgumentException e) {
            return new ProbeOutcome.Unprobeable("cannot open a gRPC channel to " + target.endpoint() + ": " + e.getMessage());
        }
        ListenableFuture<HealthCheckResponse> call = null;
        try {
            call = HealthGrpc.newFutureStub(channel)
                    .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(target.service()).build());
            HealthCheckResponse answer = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return HealthAnswers.judge(answer.getStatus(), target.service(), latency(ticker, start));
        } catch (TimeoutException e) {
            return new ProbeOutcome.TimedOut(timeout);
        } catch (ExecutionException e) {
            if (System.nanoTime() - deadline >= 0) {
                return new ProbeOutcome.TimedOut(timeout);
            }
            return HealthAnswers.failed(e.getCause(), target, timeout, latency(ticker, start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProbeOutcome.Unprobeable("interrupted while probing " + target.describe());
        } finally {
            if (call != null) {
                call.cancel(true);
            }
            // Asynchronous: the probing thread does not wait for the transport to close.
            channel.shutdownNow();
        }
    }

    private static ManagedChannel channel(ProbeTarget.Grpc target) {
        ChannelCredentials credentials = target.tls() ? TlsChannelCredentials.create() : InsecureChannelCredentials.create();
        ManagedChannelBuilder<?> builder = switch (target.endpoint()) {
            case Endpoint.Tcp tcp -> Grpc.newChannelBuilderForAddress(tcp.host(), tcp.port(), credentials);
            case Endpoint.Unix unix -> Grpc.newChannelBuilder("unix:" + unix.path(), credentials);
        };
        return builder
                // The one callback (completing the future) is tiny: run it on the transport's thread
                // instead of starting gRPC's default executor pool.
                .directExecutor()
                .disableRetry()
                .maxInboundMessageSize(MAX_ANSWER_BYTES)
                .userAgent("vigil-probe")
                .build();
    }

    private static Duration latency(Ticker ticker, long start) {
        return Duration.ofNanos(ticker.nanoTime() - start);
    }
}
