package dev.vigil.api;

import java.util.List;

/** Result of {@code vigil.list}: every configured service, sorted by name. */
@Doc("Every configured service, sorted by name")
public record ServiceList(@Doc("the services") List<ServiceSummary> services) {
    public ServiceList {
        services = List.copyOf(services);
    }
}
