package dev.vigil.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The methods a {@link ControlServer} serves, in registration order. Build it fully before
 * starting the server; it is not safe to add methods while serving.
 */
public final class MethodRegistry {

    private final Map<String, RpcMethod<?, ?>> methods = new LinkedHashMap<>();

    /** Adds a method. @throws IllegalArgumentException if a method of that name exists */
    public MethodRegistry add(RpcMethod<?, ?> method) {
        if (methods.putIfAbsent(method.name(), method) != null) {
            throw new IllegalArgumentException("method '" + method.name() + "' is registered twice");
        }
        return this;
    }

    public Optional<RpcMethod<?, ?>> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** Every method, in registration order. */
    public List<RpcMethod<?, ?>> methods() {
        return List.copyOf(methods.values());
    }

    /** Every method name, sorted (used in the unknown-method error). */
    public List<String> names() {
        List<String> names = new ArrayList<>(methods.keySet());
        names.sort(null);
        return names;
    }
}
