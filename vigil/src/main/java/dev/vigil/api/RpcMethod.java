package dev.vigil.api;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One method of the control API: its name, what it does, the record its params bind to, the
 * type of its result, the application errors it may answer with, and the code that runs it.
 * {@code rpc.discover} is generated from these, so the published description cannot drift from
 * what the server does.
 *
 * @param name       the JSON-RPC method name, e.g. {@code vigil.list}
 * @param summary    one line for people
 * @param paramsType a record; its components (in snake_case) are the by-name params, those not
 *                   {@link Nullable} are required
 * @param resultType a record (or {@code Map} for a free-form object)
 * @param errors     codes from {@link RpcErrors} this method may answer with, beyond the
 *                   protocol errors every method may answer with
 * @param invoker    runs the method; may throw {@link ApiException}
 */
public record RpcMethod<P extends Record, R>(
        String name,
        String summary,
        Class<P> paramsType,
        Class<R> resultType,
        List<Integer> errors,
        Function<? super P, ? extends R> invoker) {

    public RpcMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(paramsType, "paramsType");
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(invoker, "invoker");
        errors = List.copyOf(errors);
    }

    /** Runs the method with params already bound to {@link #paramsType()}. */
    public Object invoke(Object params) {
        return invoker.apply(paramsType.cast(params));
    }
}
