package dev.vigil.probe;

import dev.vigil.config.ProbeTarget;
import dev.vigil.time.Ticker;
import java.time.Duration;

/**
 * The {@code grpc} probe kind, supplied by the optional vigil-grpc plugin: the gRPC jars that a
 * grpc.health.v1 client needs weigh 21 MB, so the core module only defines this interface and finds
 * an implementation with {@link java.util.ServiceLoader} (a {@code META-INF/services} entry named
 * after this interface) when the plugin jar is on the class path.
 *
 * <p>Contract, the same as {@link Prober}'s: one grpc.health.v1 {@code Health/Check} of
 * {@link ProbeTarget.Grpc#service()} per call; SERVING is {@link ProbeOutcome.Healthy}; any other
 * answer or a failed call is {@link ProbeOutcome.Unhealthy} with a reason people can act on
 * (e.g. {@code "connect refused (127.0.0.1:50051)"}, {@code "grpc health NOT_SERVING"}); the
 * calling thread returns within {@code timeout} plus a few milliseconds however the peer behaves,
 * with {@link ProbeOutcome.TimedOut} when the limit passed. Implementations are thread-safe, need a
 * public no-argument constructor, and leave no thread or connection behind once the call returns
 * (shared pools may linger briefly).
 */
public interface GrpcHealthChecker {

    /** Runs one check; {@code ticker} measures the latency reported in the outcome. */
    ProbeOutcome check(ProbeTarget.Grpc target, Duration timeout, Ticker ticker);
}
