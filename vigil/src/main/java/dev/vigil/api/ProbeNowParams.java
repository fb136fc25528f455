package dev.vigil.api;

/** Params of {@code vigil.probe_now}: one service, and one of its probes or all of them. */
@Doc("Which probes to run now")
public record ProbeNowParams(
        @Doc("the service's name") String name,
        @Doc("only this probe; null = every probe of the service") @Nullable String probe) {

    public ProbeNowParams {
        if (name == null || name.isBlank()) {
            throw new InvalidParamsException("name", "must be a non-empty service name");
        }
        if (probe != null && probe.isBlank()) {
            throw new InvalidParamsException("probe", "must be a probe name or absent");
        }
    }
}
