package dev.vigil.api;

import java.util.List;
import java.util.Map;

/** A reload found the new config invalid; nothing was changed. */
public final class ConfigRejectedException extends ApiException {
    /** @param problems every error, each naming file:line:column, field, value and what is valid */
    public ConfigRejectedException(List<String> problems) {
        super(RpcErrors.CONFIG_REJECTED, "config rejected (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "), the running services are unchanged",
                Map.of("problems", List.copyOf(problems)));
    }
}
