package dev.vigil.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * No service by that name; carries the names that exist so the CLI can suggest one. A name
 * longer than {@value #ECHOED} characters is echoed shortened: a 1 MB name in a request must
 * not come back twice in a 2 MB answer (ControlServerLimitsIT: the request budget counts what
 * comes in, not what an echo sends out).
 */
public final class UnknownServiceException extends ApiException {
    static final int ECHOED = 256;

    public UnknownServiceException(String name, Collection<String> known) {
        super(RpcErrors.UNKNOWN_SERVICE, "unknown service '" + shown(name) + "'",
                Map.of("name", shown(name), "known", List.copyOf(known.stream().sorted().toList())));
    }

    private static String shown(String name) {
        return name.length() <= ECHOED ? name : name.substring(0, ECHOED) + "... (" + name.length() + " characters)";
    }
}
