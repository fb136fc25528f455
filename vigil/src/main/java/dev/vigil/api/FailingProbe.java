package dev.vigil.api;

/** A probe whose debounced verdict is failing, in the form {@code vigil list} shows it. */
@Doc("A probe whose verdict is failing")
public record FailingProbe(
        @Doc("the probe's name") String probe,
        @Doc("the last failure in words, e.g. 'connect refused (unix:/run/os/ui.sock)'") String reason,
        @Doc("failures in a row") int consecutive,
        @Doc("the count the reason shows it against: restart_after when failures lead to a restart, else failures") int threshold) {
}
