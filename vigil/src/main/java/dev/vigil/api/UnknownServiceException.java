package dev.vigil.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** No service by that name; carries the names that exist so the CLI can suggest one. */
public final class UnknownServiceException extends ApiException {
    public UnknownServiceException(String name, Collection<String> known) {
        super(RpcErrors.UNKNOWN_SERVICE, "unknown service '" + name + "'",
                Map.of("name", name, "known", List.copyOf(known.stream().sorted().toList())));
    }
}
