package dev.vigil.api;

/** How the test notification through one {@code [[notify]]} target went. */
@Doc("The outcome of a test notification through one [[notify]] target")
public record AlertTestOutcome(
        @Doc("the target's name") String target,
        @Doc("exec, webhook:json, webhook:slack or webhook:alertmanager") String transport,
        @Doc("whether it was delivered (exec: exit 0; webhook: HTTP 2xx)") boolean ok,
        @Doc("what happened, e.g. 'HTTP 200', 'exit 3', 'timed out after 10000 ms'") String detail) {
}
