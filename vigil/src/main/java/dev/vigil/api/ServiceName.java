package dev.vigil.api;

/** Params naming one service. */
@Doc("Names one service")
public record ServiceName(@Doc("the service's name") String name) {
    public ServiceName {
        if (name == null || name.isBlank()) {
            throw new InvalidParamsException("name", "must be a non-empty service name");
        }
    }
}
