package dev.vigil.grpc;

import dev.vigil.config.ProbeTarget;
import dev.vigil.probe.ProbeOutcome;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.net.ConnectException;
import java.time.Duration;

/** Turns a grpc.health.v1 answer, or the failure of the call, into a probe outcome with a reason people can act on. */
final class HealthAnswers {
    private HealthAnswers() {
    }

    /** SERVING is healthy; every other serving status is a failure naming it. */
    static ProbeOutcome judge(ServingStatus status, String service, Duration latency) {
        return switch (status) {
            case SERVING -> new ProbeOutcome.Healthy(latency, "SERVING");
            case NOT_SERVING, SERVICE_UNKNOWN, UNKNOWN ->
                    new ProbeOutcome.Unhealthy("grpc health " + status + " for " + serviceName(service), latency);
            case UNRECOGNIZED -> new ProbeOutcome.Unhealthy("grpc health answered an unrecognized status for "
                    + serviceName(service), latency);
        };
    }

    /** The call failed (before the deadline): refused, unknown service, no health service, ... */
    static ProbeOutcome failed(Throwable error, ProbeTarget.Grpc target, Duration timeout, Duration latency) {
        Status status = Status.fromThrowable(error);
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> new ProbeOutcome.TimedOut(timeout);
            case NOT_FOUND -> new ProbeOutcome.Unhealthy("grpc health NOT_FOUND: the server knows no "
                    + serviceName(target.service()), latency);
            case UNIMPLEMENTED -> new ProbeOutcome.Unhealthy(
                    "grpc UNIMPLEMENTED: the server has no grpc.health.v1.Health service", latency);
            case UNAVAILABLE -> new ProbeOutcome.Unhealthy(unavailable(status, target), latency);
            default -> new ProbeOutcome.Unhealthy("grpc " + status.getCode() + describe(status), latency);
        };
    }

    private static String unavailable(Status status, ProbeTarget.Grpc target) {
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException && String.valueOf(cause.getMessage()).contains("refused")) {
                return "connect refused (" + target.endpoint() + ")";
            }
        }
        return "grpc UNAVAILABLE" + describe(status);
    }

    private static String describe(Status status) {
        String description = status.getDescription() == null ? "" : ": " + status.getDescription();
        Throwable cause = status.getCause();
        return cause == null ? description : description + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }

    private static String serviceName(String service) {
        return service.isEmpty() ? "the whole server (service \"\")" : "service \"" + service + "\"";
    }
}
